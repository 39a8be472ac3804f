import type { ExportFormat, ExportedFile } from '../../../src-shared/api/runs';
import type { Db } from '../../store/db';
import { monthlyReturns } from '../monthly';
import { loadIndicators } from '../indicators';
import { getRun, loadRunData, loadTrades } from '../repository';
import { runSource } from '../sources';
import { equityCsv, tradesCsv } from './csv';
import { runToJson } from './json';
import { runReportPdf } from './pdf';

/** What a CSV export holds: the trade list, or equity and drawdown per bar. JSON and PDF ignore it. */
export type CsvContent = 'trades' | 'equity';

/** A run as a file to save: `<slug>-trades.csv`, `<slug>-equity.csv`, `<slug>.json` or `<slug>-report.pdf`. */
export async function exportRun(db: Db, id: string, format: ExportFormat, what: CsvContent, maxTrades: number): Promise<ExportedFile> {
  const detail = getRun(db, id);
  const slug = fileSlug(detail.name);
  switch (format) {
    case 'csv': {
      const text = what === 'trades' ? tradesCsv(loadTrades(db, id)) : equityCsv(loadRunData(db, id));
      return { fileName: `${slug}-${what}.csv`, mimeType: 'text/csv', bytes: new TextEncoder().encode(text) };
    }
    case 'json': {
      const text = runToJson(detail, loadRunData(db, id), loadTrades(db, id), runSource(db, id), loadIndicators(db, id));
      return { fileName: `${slug}.json`, mimeType: 'application/json', bytes: new TextEncoder().encode(text) };
    }
    case 'pdf': {
      const data = loadRunData(db, id);
      const monthly = monthlyReturns(data.time, data.equity, detail.config.cash);
      const bytes = await runReportPdf(detail, data, loadTrades(db, id), monthly, { maxTrades });
      return { fileName: `${slug}-report.pdf`, mimeType: 'application/pdf', bytes };
    }
  }
}

/** A run name as a portable file name: lower-case ASCII letters, digits and dashes, at most 80 characters. */
export function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 80)
    .replace(/^-+|-+$/g, '');
  return slug || 'run';
}
