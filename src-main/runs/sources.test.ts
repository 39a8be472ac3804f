import { describe, expect, it } from 'vitest';
import { sourceHash } from '../strategies/compile';
import { importRunJson, runToJson } from './export/json';
import { insertTestRun, openTestDb, testResult } from './export/test-run';
import { deleteRun, getRun, insertRun, loadRunData, loadTrades } from './repository';
import { findSource, runSource } from './sources';

const TEXT = "import { defineStrategy } from 'barwise';\nexport default defineStrategy({ name: 'Mine', next() {} });\n";
const HASH = sourceHash(TEXT);

/** A run as a worker returns one for a user strategy: its provenance names the source, a trade has a tag. */
function userResult() {
  const result = testResult(1000);
  return {
    ...result,
    provenance: { ...result.provenance, strategyId: 'mine', sourceHash: HASH },
    trades: result.trades.map((t, i) => (i === 0 ? { ...t, tag: 'first' } : t)),
  };
}

const origin = (source?: { sourceHash: string; fileName: string; text: string }) => ({
  datasetId: null,
  datasetName: 'd',
  symbol: 'S',
  timeframe: '1h',
  ...(source ? { source } : {}),
});

describe("a run's strategy source", () => {
  it('is kept in each run that ran it, under the file name it had then', () => {
    const db = openTestDb();
    const a = insertRun(db, userResult(), origin({ sourceHash: HASH, fileName: 'strategies/mine.ts', text: TEXT }));
    const b = insertRun(db, userResult(), origin({ sourceHash: HASH, fileName: 'strategies/renamed.ts', text: TEXT }));
    expect(getRun(db, a).provenance.sourceHash).toBe(HASH);
    expect(runSource(db, a)).toEqual({ sourceHash: HASH, fileName: 'strategies/mine.ts', text: TEXT });
    expect(runSource(db, b)).toEqual({ sourceHash: HASH, fileName: 'strategies/renamed.ts', text: TEXT });
    deleteRun(db, a);
    expect(findSource(db, HASH)).toEqual({ sourceHash: HASH, fileName: 'strategies/renamed.ts', text: TEXT });
    deleteRun(db, b);
    expect(findSource(db, HASH)).toBeUndefined();
    db.close();
  });

  it('is none for a run of a built-in', () => {
    const db = openTestDb();
    expect(runSource(db, insertTestRun(db))).toBeNull();
    expect(() => runSource(db, '00000000-0000-0000-0000-000000000000')).toThrow(expect.objectContaining({ code: 'RUN_NOT_FOUND' }));
    db.close();
  });

  it('must be the text the run names, and a run that names one must bring it', () => {
    const db = openTestDb();
    expect(() => insertRun(db, userResult(), origin({ sourceHash: sourceHash('other'), fileName: 'x.ts', text: 'other' }))).toThrow(/names source/);
    expect(() => insertRun(db, userResult(), origin())).toThrow(/was not given to keep/);
    expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
    db.close();
  });

  it('travels in the run JSON, with the trade tags, into a database where the file never was', () => {
    const db = openTestDb();
    const id = insertRun(db, userResult(), origin({ sourceHash: HASH, fileName: 'strategies/mine.ts', text: TEXT }));
    const json = runToJson(getRun(db, id), loadRunData(db, id), loadTrades(db, id), runSource(db, id));
    db.close();
    const other = openTestDb();
    const copy = importRunJson(other, json);
    expect(runSource(other, copy)).toEqual({ sourceHash: HASH, fileName: 'strategies/mine.ts', text: TEXT });
    expect(loadTrades(other, copy)[0].tag).toBe('first');
    expect(getRun(other, copy).provenance.sourceHash).toBe(HASH);

    const doc = JSON.parse(json);
    const tampered = { ...doc, source: { ...doc.source, text: TEXT + '// changed\n' } };
    expect(() => importRunJson(other, JSON.stringify(tampered))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/field source: .*hash is not the one the run names/) }));
    expect(() => importRunJson(other, JSON.stringify({ ...doc, source: null }))).toThrow(/no source for the run's strategy/);
    other.close();
  });
});
