import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBarwise, type Barwise } from '../barwise';
import { tempDir } from '../test-support/temp-dir';

const open: Barwise[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

describe('runs.indicators (the typed API the price chart reads)', () => {
  it("gives a backtest's declared indicators, downsampled for the whole run and exact in a zoomed window", async () => {
    const barwise = createBarwise({ dataDir: join(tempDir(), 'data'), threads: 1 });
    open.push(barwise);
    const { dataset } = await barwise.client.datasets.loadSample({});
    const cross = await barwise.client.backtests.runAndWait({ datasetId: dataset.id, config: { strategy: { id: 'sma-cross', params: { fast: 10, slow: 30 } } } });
    const run = await barwise.client.runs.get({ id: cross.runId });

    const whole = await barwise.client.runs.indicators({ id: cross.runId, maxPoints: 300 });
    expect(whole.totalPoints).toBe(run.barCount);
    expect(whole.indicators.map(({ name, overlay }) => ({ name, overlay }))).toEqual([
      { name: 'fast', overlay: true },
      { name: 'slow', overlay: true },
    ]);
    expect(whole.time.length).toBeLessThanOrEqual(300);
    for (const i of whole.indicators) expect(i.values.length).toBe(whole.time.length);

    // A zoomed window of 40 bars: every bar, and the slow average is the mean of the last 30 closes.
    const hour = 3_600_000;
    const from = whole.time[0];
    const to = from + 39 * hour;
    const window = await barwise.client.runs.indicators({ id: cross.runId, maxPoints: 300, from, to });
    const prices = await barwise.client.datasets.chart({ id: dataset.id, timeframe: run.timeframe, from, to, maxPoints: 1000 });
    expect(window.totalPoints).toBe(40);
    expect(Array.from(window.time)).toEqual(prices.time);
    const slow = window.indicators[1].values;
    expect(Number.isNaN(slow[28])).toBe(true);
    const mean = prices.close.slice(0, 30).reduce((a, b) => a + b, 0) / 30;
    expect(slow[29]).toBeCloseTo(mean, 9);

    // An oscillator goes to its own pane.
    const rsi = await barwise.client.backtests.runAndWait({ datasetId: dataset.id, config: { strategy: { id: 'rsi-reversion' } } });
    const oscillator = await barwise.client.runs.indicators({ id: rsi.runId });
    expect(oscillator.indicators.map(({ name, overlay }) => ({ name, overlay }))).toEqual([{ name: 'rsi', overlay: false }]);

    await barwise.client.runs.remove({ id: cross.runId });
    await expect(barwise.client.runs.indicators({ id: cross.runId })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });
});
