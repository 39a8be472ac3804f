/**
 * One import through the API in a process of its own, for tests that bound an import's memory
 * (tests only): `node --import tsx test-import-process.ts FILE DATA_DIR [onBadRows]` prints one
 * JSON line: the API's result (`ok`, or the error's code and message length), the bad rows, the
 * stored report's length and the process's peak resident set (MB).
 */
import { createBarwise } from '../barwise';

const [path, dataDir, onBadRows = 'auto'] = process.argv.slice(2);
const bw = createBarwise({ dataDir, threads: 1 });
const result = await bw.api.datasets.importFile({ path, options: { onBadRows: onBadRows as 'auto' } });
const stored = bw.db.prepare('SELECT coalesce(max(length(report)), 0) AS n FROM datasets').get() as { n: number };
await bw.close();
console.log(
  JSON.stringify({
    ok: result.ok,
    code: result.ok ? null : result.error.code,
    messageLength: result.ok ? 0 : result.error.message.length,
    badRows: result.ok ? result.value.report.badRows.count : null,
    reportLength: result.ok ? JSON.stringify(result.value.report).length : 0,
    storedReportLength: stored.n,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
