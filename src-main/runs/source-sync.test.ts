import { describe, expect, it } from 'vitest';
import { sourceHash } from '../strategies/compile';
import { MY_SMA_CROSS } from '../strategies/test-files';
import { teamBarwise } from '../sync/test-support/sync-fixtures';
import { teamSchema } from '../sync/test-support/team-server';
import { testResult } from './export/test-run';
import { insertRun } from './repository';

/**
 * A run of a user strategy keeps its source in its own row, so a teammate's copy of the run
 * (team sync carries a run's columns) can show the code it ran, where the file never was.
 */
describe("a user strategy run's source through team sync", () => {
  it("reaches a teammate with the run, and names the file it was read from", async () => {
    const schema = teamSchema();
    const a = teamBarwise(schema);
    const b = teamBarwise(schema);
    try {
      const result = testResult(600);
      const hash = sourceHash(MY_SMA_CROSS);
      const id = insertRun(a.db, { ...result, provenance: { ...result.provenance, strategyId: 'my-sma-cross', sourceHash: hash } }, {
        datasetId: null,
        datasetName: 'walk.csv',
        symbol: 'WALK',
        timeframe: '1h',
        source: { sourceHash: hash, fileName: 'strategies/my-sma-cross.ts', text: MY_SMA_CROSS },
      });
      await a.sync.syncNow();
      await b.sync.syncNow();
      expect((await b.client.runs.get({ id })).provenance.sourceHash).toBe(hash);
      expect(await b.client.runs.source({ id })).toMatchObject({
        strategyId: 'my-sma-cross',
        fileName: 'strategies/my-sma-cross.ts',
        text: MY_SMA_CROSS,
        recordedHash: hash,
        currentHash: null,
        changed: true,
      });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
