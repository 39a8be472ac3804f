import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestConfigSchema, type BacktestConfigInput } from '../../src-shared/backtest';
import { createBarwise, type Barwise } from '../barwise';
import { whyNoTrades } from './no-trades';

/** Bitcoin-like hourly bars: one unit costs 16,512 at the cheapest, more than 10,000 of cash. */
function btcCsv(bars: number): string {
  const lines = ['time,open,high,low,close,volume'];
  for (let i = 0; i < bars; i++) {
    // Opens 16,512 … 16,612, closes 5 above; the lowest low (16,492) is never a fill price.
    const open = 16_512 + (i % 5) * 25;
    lines.push(`${new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString()},${open},${open + 20},${open - 20},${open + 5},1.5`);
  }
  return `${lines.join('\n')}\n`;
}

let dir: string;
let bw: Barwise;
let datasetId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'barwise-no-trades-'));
  bw = createBarwise({ dataDir: join(dir, 'data'), threads: 1 });
  writeFileSync(join(dir, 'BTCUSDT.csv'), btcCsv(400));
  datasetId = (await bw.client.datasets.importFile({ path: join(dir, 'BTCUSDT.csv') })).dataset.id;
}, 60_000);

afterAll(async () => {
  await bw.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (config: BacktestConfigInput) => {
  const { runId } = await bw.client.backtests.runAndWait({ datasetId, config });
  return bw.client.runs.get({ id: runId });
};

describe('why a run has no trades', () => {
  it('says a whole unit costs more than the cash, with the figures, and proposes fractional units', async () => {
    const whole = await run({ strategy: { id: 'buy-and-hold', params: {} } });
    expect(whole.stats.numTrades).toBe(0);
    // 10,000 × 0.9999 of buying power against the cheapest open.
    expect(whole.noTradesReason).toBe(
      'No order could be filled: one unit costs at least 16,512 and 9,999 was available, while units are whole — turn on fractional units, or raise the cash or the leverage.',
    );
    // With fractional units it trades, and there is nothing to explain.
    const fractional = await run({ strategy: { id: 'buy-and-hold', params: {} }, fractionalUnits: true });
    expect(fractional.stats.numTrades).toBe(1);
    expect(fractional.noTradesReason).toBeUndefined();
  });

  it("leaves a completed job its final figures, not its last step, and an import its rows", async () => {
    const { jobId } = await bw.client.backtests.runAndWait({ datasetId, config: { strategy: { id: 'buy-and-hold', params: {} }, fractionalUnits: true } });
    expect((await bw.client.jobs.get({ id: jobId })).message).toBe('400 bars · 1 trade');
    const importJob = (await bw.client.jobs.list({})).find((j) => j.kind === 'import');
    expect(importJob?.message).toBe('400 rows · 400 bars');
  });

  it('names the window, the open position left out, risk sizing without a stop, and otherwise the strategy', async () => {
    const parsed = (c: Partial<BacktestConfigInput>) => backtestConfigSchema.parse({ strategy: { id: 'x', params: {} }, ...c });
    const time = Float64Array.from({ length: 10 }, (_, i) => i * 1000);
    const bars = { time, open: new Float64Array(10).fill(50), high: new Float64Array(10).fill(51), low: new Float64Array(10).fill(49), close: new Float64Array(10).fill(50), volume: new Float64Array(10), timeframeMs: 1000 };
    const none = { numTrades: 0, exposureTimePct: 0 };
    expect(whyNoTrades(parsed({ from: 20_000 }), none, bars)).toMatch(/^The window holds no bars/);
    expect(whyNoTrades(parsed({ closeAtEnd: false }), { numTrades: 0, exposureTimePct: 40 }, bars)).toMatch(/still open at the last bar, and Close at end is off/);
    expect(whyNoTrades(parsed({ sizing: { kind: 'risk', riskPct: 1 } }), none, bars)).toMatch(/no stop-loss was set/);
    expect(whyNoTrades(parsed({ sizing: { kind: 'fixed-quantity', quantity: 300 } }), none, bars)).toMatch(/^No order could be filled: 300 units cost at least 15,000 and 10,000 was available/);
    expect(whyNoTrades(parsed({ direction: 'long-only' }), none, bars)).toMatch(/^The strategy placed no long order that filled in 10 bars/);
    expect(whyNoTrades(parsed({}), { numTrades: 3, exposureTimePct: 10 }, bars)).toBeNull();
  });
});
