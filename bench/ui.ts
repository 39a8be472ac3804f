// `npm run bench -- ui`: time from "open result" to the charts drawn, for a backtest over
// 1,000,000 bars, in headless Chromium through the browser shell. Baseline in the same run: the
// same for a 10,000-bar run (what the page costs when the data is small).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { chromium, type Page } from 'playwright-core';
import { createBarwise } from '../src-main/barwise';
import { randomWalkBars } from '../src-workers/engine/test-bars';
import { printFigures, printMachine } from './_report';
import { findChromium } from '../scripts/chromium.mjs';

const root = join(import.meta.dirname, '..');
const REPEATS = 5;

async function writeCsv(path: string, n: number): Promise<void> {
  const bars = randomWalkBars(n, 7);
  const out = createWriteStream(path);
  out.write('time,open,high,low,close,volume\n');
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `${bars.time[i]},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** Imports a dataset of n bars and runs SMA(10)/SMA(30) on it; returns the run id. */
async function prepareRun(dataDir: string, n: number): Promise<{ runId: string; trades: number }> {
  const csv = join(dataDir, `walk-${n}.csv`);
  await writeCsv(csv, n);
  const barwise = createBarwise({ dataDir });
  try {
    const { dataset } = await barwise.client.datasets.importFile({ path: csv, options: { symbol: `WALK${n}` } });
    const { runId } = await barwise.client.backtests.runAndWait({
      datasetId: dataset.id,
      config: { strategy: { id: 'sma-cross', params: { fast: 10, slow: 30 } } },
    });
    const run = await barwise.client.runs.get({ id: runId });
    return { runId, trades: run.tradeCount };
  } finally {
    await barwise.close();
  }
}

async function startShell(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'shell.js'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /running at (\S+)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`shell exited with ${code}`)));
  });
  return { child, url };
}

/** Navigates to the run and waits until the equity, drawdown and price charts have drawn paths. */
async function openMs(page: Page, runId: string): Promise<number> {
  await page.evaluate(() => (location.hash = '#/data'));
  await page.getByRole('heading', { level: 1, name: 'Data' }).waitFor();
  const started = Date.now();
  await page.evaluate((id) => (location.hash = `#/backtests/run/${id}`), runId);
  await page.waitForFunction(
    () =>
      ['chart-equity', 'chart-drawdown', 'chart-price'].every((id) =>
        Array.from(document.querySelectorAll<SVGPathElement>(`[data-testid="${id}"] path.recharts-curve, [data-testid="${id}"] path.recharts-rectangle`)).some(
          (p) => (p.getAttribute('d') ?? '').length > 20,
        ),
      ),
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return Date.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

printMachine('ui');
if (!existsSync(join(root, 'out', 'main', 'shell.js')) || process.argv.includes('--build')) {
  spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'ignore' });
}
const dataDir = mkdtempSync(join(tmpdir(), 'barwise-bench-ui-'));
let shell: ChildProcess | undefined;
try {
  const big = await prepareRun(dataDir, 1_000_000);
  const small = await prepareRun(dataDir, 10_000);
  const started = await startShell(dataDir);
  shell = started.child;
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(started.url);
  await page.getByTestId('connection-state').filter({ hasText: 'Connected' }).waitFor();
  // One untimed open of each first: the page's own code paths warm up as a user's would.
  await openMs(page, small.runId);
  await openMs(page, big.runId);
  const smallMs: number[] = [];
  const bigMs: number[] = [];
  for (let k = 0; k < REPEATS; k++) {
    smallMs.push(await openMs(page, small.runId));
    bigMs.push(await openMs(page, big.runId));
  }
  await browser.close();
  const open = median(bigMs);
  const base = median(smallMs);
  console.log(`open a 1,000,000-bar run (${big.trades} trades): median ${open} ms  [${bigMs.join(', ')}]`);
  console.log(`open a 10,000-bar run (baseline):          median ${base} ms  [${smallMs.join(', ')}]`);
  console.log(`1M-bar open over baseline: ${(open / base).toFixed(2)}×  (target: openMs < 1000)`);
  printFigures({ bench: 'ui', bars: 1_000_000, trades: big.trades, openMs: open, baselineOpenMs: base, overBaseline: Number((open / base).toFixed(2)) });
} finally {
  shell?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
