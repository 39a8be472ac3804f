import Papa from 'papaparse';
import type { ImportOptions, PreviewResult } from '../../src-shared/api/datasets';
import { BarwiseError } from '../../src-shared/errors';
import { clip } from './clip';
import { detectFile, describeDetection, symbolFromFileName } from './import';
import { LineBlocks, RowParser } from './parse';
import { readSample } from './source';
import { zoneConverter } from './zone';

/**
 * What an import of this file would do, from its first 64 KB: the detected format, what detection
 * was unsure of, and the first rows exactly as the importer reads them (or why it rejects them).
 */
export async function previewFile(path: string, options: ImportOptions, rowCount: number, fileName?: string): Promise<PreviewResult> {
  const { detection, encoding } = await detectFile(path, options);
  const sample = await readSample(path);
  const d = detection.dialect;
  const blocks = new LineBlocks(d.newline, d.quoted);
  const text = sample.complete ? sample.text : blocks.push(sample.text);
  if (text === undefined) throw new BarwiseError('CSV_UNREADABLE', 'line 1: no complete line in the first 64 KB');
  const raw = Papa.parse<string[]>(text, { delimiter: d.delimiter, newline: d.newline, skipEmptyLines: false }).data;
  // Keep the lines up to the requested number of data rows.
  const lines: { line: number; fields: string[] }[] = [];
  let line = 1;
  for (const fields of raw) {
    const here = line;
    line += 1 + fields.reduce((n, f) => n + (f.split(d.newline).length - 1), 0);
    if (here < d.dataStartLine || (fields.length === 1 && fields[0].trim() === '')) continue;
    lines.push({ line: here, fields });
    if (lines.length >= rowCount) break;
  }
  const last = lines.at(-1)?.line ?? d.dataStartLine;
  const parser = new RowParser(d, zoneConverter(options.tz), rowCount);
  const keptLines = text.split(d.newline).slice(0, last).join(d.newline);
  parser.pushBlock(keptLines);
  const parsed = parser.finish();
  const byLine = new Map<number, number>();
  for (let i = 0; i < parsed.length; i++) byLine.set(parsed.line[i], i);
  const errors = new Map(parsed.bad.listed.map((b) => [b.line, b.reason]));
  return {
    format: describeDetection(detection, encoding),
    unsure: detection.unsure.map((u) => ({ ...u })),
    symbol: options.symbol ?? detection.symbol ?? (fileName ? symbolFromFileName(fileName) : undefined) ?? null,
    rows: lines.map(({ line: l, fields }) => {
      const i = byLine.get(l);
      const at = (a: Float64Array) => (i === undefined ? null : a[i]);
      return {
        line: l,
        raw: fields.map((f) => clip(f.replace(/\r$/, ''))),
        time: at(parsed.time),
        open: at(parsed.open),
        high: at(parsed.high),
        low: at(parsed.low),
        close: at(parsed.close),
        volume: at(parsed.volume),
        error: errors.get(l) ?? null,
      };
    }),
  };
}
