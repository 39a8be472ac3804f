// npm run bench -- import [rows]: end-to-end CSV import vs the raw parse of the same file by the
// parser the import uses for it (the byte-level fast path here), papaparse alone for reference,
// and the time to load the stored dataset into typed arrays.
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { createBarwise } from '../src-main/barwise';
import { detectFile, parseFile } from '../src-main/data/import';
import { RowParser } from '../src-main/data/parse';
import { loadBars } from '../src-main/data/repository';
import { zoneConverter } from '../src-main/data/zone';
import { importOptionsSchema } from '../src-shared/api/datasets';
import { collectGarbage } from './_gc';
import { printFigures, printMachine } from './_report';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, 'bench', '.data');
const file = join(dataDir, `import-${ROWS}-1m.csv`);

function generate(): void {
  mkdirSync(dataDir, { recursive: true });
  const start = Date.UTC(2020, 0, 1);
  let price = 7000;
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const parts: string[] = ['time,open,high,low,close,volume\n'];
  let lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const open = price;
    const close = open * Math.exp((random() - 0.5) * 0.002);
    const high = Math.max(open, close) + random() * 3;
    const low = Math.min(open, close) - random() * 3;
    const t = new Date(start + i * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    lines.push(`${t},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${(random() * 50).toFixed(4)}`);
    price = close;
    if (lines.length === 100_000) {
      parts.push(lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length) parts.push(lines.join('\n') + '\n');
  writeFileSync(file, parts.join(''));
}

/** papaparse alone, fast mode, on the same streamed chunks the importer reads. */
async function rawParse(): Promise<number> {
  let rows = 0;
  let carry = '';
  const decoder = new TextDecoder();
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const text = carry + decoder.decode(chunk, { stream: true });
    const cut = text.lastIndexOf('\n');
    carry = text.slice(cut + 1);
    rows += Papa.parse<string[]>(text.slice(0, cut), { delimiter: ',', newline: '\n', fastMode: true }).data.length;
  }
  return rows - 1; // header
}

/** The import's own parser alone: the file streamed into columns, as the import reads it (no checks after, no store). */
async function importParse(): Promise<{ rows: number; fast: boolean }> {
  const { detection, encoding, size, avgLineBytes } = await detectFile(file, importOptionsSchema.parse({}));
  const parser = new RowParser(detection.dialect, zoneConverter('UTC'), (size / avgLineBytes) * 1.25 + 1024);
  const fast = await parseFile(file, parser, detection.dialect, encoding);
  return { rows: parser.finish().length, fast };
}

printMachine('import');
if (!existsSync(file)) {
  const t = performance.now();
  generate();
  console.log(`generated ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const bytes = statSync(file).size;
console.log(`file: ${ROWS.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB`);

const best = async (runs: number, fn: () => Promise<unknown> | unknown): Promise<number> => {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
};

await rawParse(); // warm up
const { fast: usesFastPath } = await importParse();
// Parse and import alternate round by round (best of each), so a burst of load from other
// processes hits both sides rather than skewing the ratio.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
let parseMs = Infinity;
let papaMs = Infinity;
let importMs = Infinity;
// CPU time (user + system) of each side too: far less swayed by other processes than wall time
// on a shared machine. It includes every thread of the process (libuv's file reads included).
let parseCpuMs = Infinity;
let papaCpuMs = Infinity;
let importCpuMs = Infinity;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};
const rssBefore = process.memoryUsage().rss;
for (let round = 0; round < ROUNDS; round++) {
  collectGarbage();
  const papaCpu = process.cpuUsage();
  const papaStart = performance.now();
  await rawParse();
  papaMs = Math.min(papaMs, performance.now() - papaStart);
  papaCpuMs = Math.min(papaCpuMs, cpuMs(papaCpu));
  collectGarbage();
  const parseCpu = process.cpuUsage();
  const parseStart = performance.now();
  const parsed = await importParse();
  parseMs = Math.min(parseMs, performance.now() - parseStart);
  parseCpuMs = Math.min(parseCpuMs, cpuMs(parseCpu));
  if (parsed.rows !== ROWS) throw new Error(`parsed ${parsed.rows} rows, expected ${ROWS}`);
  const dir = mkdtempSync(join(tmpdir(), 'barwise-bench-'));
  const bw = createBarwise({ dataDir: dir, threads: 1 });
  collectGarbage();
  const importCpu = process.cpuUsage();
  const t = performance.now();
  const outcome = await bw.client.datasets.importFile({ path: file, options: {} });
  importMs = Math.min(importMs, performance.now() - t);
  importCpuMs = Math.min(importCpuMs, cpuMs(importCpu));
  if (outcome.dataset.barCount !== ROWS) throw new Error(`imported ${outcome.dataset.barCount} bars, expected ${ROWS}`);
  if (round < ROUNDS - 1) {
    await bw.close();
    rmSync(dir, { recursive: true, force: true });
    continue;
  }
  const datasetId = outcome.dataset.id;
  const loadMs = await best(5, () => loadBars(bw.db, datasetId));
  const sharedMs = await best(5, () => loadBars(bw.db, datasetId, true));
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const parserName = usesFastPath ? 'byte-level fast path' : 'papaparse path';
  console.log(`papaparse alone (fast mode)  ${(papaMs / 1000).toFixed(3)} s  ${Math.round((ROWS / papaMs) * 1000).toLocaleString('en-US')} rows/s  (CPU ${papaCpuMs.toFixed(0)} ms; reference)`);
  console.log(`import's parser alone        ${(parseMs / 1000).toFixed(3)} s  ${Math.round((ROWS / parseMs) * 1000).toLocaleString('en-US')} rows/s  (${parserName}, into columns)`);
  console.log(`import end to end            ${(importMs / 1000).toFixed(3)} s  ${Math.round((ROWS / importMs) * 1000).toLocaleString('en-US')} rows/s  (${(importMs / parseMs).toFixed(2)}× parse)`);
  console.log(`CPU time: parse ${parseCpuMs.toFixed(0)} ms, import ${importCpuMs.toFixed(0)} ms  (${(importCpuMs / parseCpuMs).toFixed(2)}×)`);
  console.log(`load ${ROWS.toLocaleString('en-US')} stored bars       ${loadMs.toFixed(1)} ms (SharedArrayBuffer: ${sharedMs.toFixed(1)} ms)`);
  console.log(`peak RSS                     ${peakRssMb} MB (RSS before imports ${Math.round(rssBefore / 1e6)} MB)`);
  console.log(`load average (1 min)         ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
  await bw.close();
  rmSync(dir, { recursive: true, force: true });
  printFigures({
    rows: ROWS,
    fileMb: Math.round(bytes / 1e5) / 10,
    rowsPerSec: Math.round((ROWS / importMs) * 1000),
    parseRowsPerSec: Math.round((ROWS / parseMs) * 1000),
    parser: usesFastPath ? 'fast-path' : 'papaparse',
    papaparseRowsPerSec: Math.round((ROWS / papaMs) * 1000),
    importOverPapaparse: Math.round((importMs / papaMs) * 100) / 100,
    importOverParse: Math.round((importMs / parseMs) * 100) / 100,
    importMs: Math.round(importMs),
    parseCpuMs: Math.round(parseCpuMs),
    importCpuMs: Math.round(importCpuMs),
    cpuImportOverParse: Math.round((importCpuMs / parseCpuMs) * 100) / 100,
    parseMs: Math.round(parseMs),
    papaparseCpuMs: Math.round(papaCpuMs),
    load1MMs: Math.round(loadMs * 10) / 10,
    loadSharedMs: Math.round(sharedMs * 10) / 10,
    peakRssMb,
    loadAvg: Math.round(loadavg()[0] * 10) / 10,
  });
}
