import type { RunSeries, runsSpec } from '../../src-shared/api/runs';
import { lowerBound, upperBound } from '../../src-shared/bars/search';
import { RunDataCache } from '../runs/data-cache';
import { downsampleIndicators, loadIndicatorOverview } from '../runs/indicators';
import { exportRun } from '../runs/export';
import { importRunJson } from '../runs/export/json';
import {
  deleteRun,
  downsampleSeries,
  getRun,
  listRuns,
  loadMonthlyReturns,
  loadOverview,
  loadTrades,
  requireOwnRun,
  updateRun,
  type RunData,
} from '../runs/repository';
import { whyNoTrades } from '../runs/no-trades';
import { runSource } from '../runs/sources';
import { loadBars } from '../data/repository';
import type { RunDetail } from '../../src-shared/api/runs';
import type { StrategyService } from '../strategies/service';
import type { Db } from '../store/db';
import type { FeatureImpl } from './implement';

const slice = (data: RunData, start: number, end: number): RunData => ({
  time: data.time.subarray(start, end),
  equity: data.equity.subarray(start, end),
  drawdownPct: data.drawdownPct.subarray(start, end),
  buyHoldEquity: data.buyHoldEquity?.subarray(start, end) ?? null,
});

/** The stored overview as typed arrays, to reduce it further for a chart narrower than it. */
const overviewData = (o: RunSeries): RunData => ({
  time: Float64Array.from(o.time),
  equity: Float64Array.from(o.equity),
  drawdownPct: Float64Array.from(o.drawdownPct),
  buyHoldEquity: o.buyHoldEquity ? Float64Array.from(o.buyHoldEquity) : null,
});

/** A run without trades gets the reason (worked out from its config and its dataset's bars, when the dataset is here). */
function withNoTradesReason(db: Db, run: RunDetail): RunDetail {
  if (run.stats.numTrades > 0 || run.datasetId === null) return run;
  const exists = db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(run.datasetId);
  if (!exists) return run;
  const reason = whyNoTrades(run.config, run.stats, loadBars(db, run.datasetId));
  return reason ? { ...run, noTradesReason: reason } : run;
}

export function runsImpl(db: Db, strategies: StrategyService): FeatureImpl<typeof runsSpec> {
  const cache = new RunDataCache(db);
  return {
    list: (filter) => listRuns(db, filter),
    get: ({ id }) => withNoTradesReason(db, getRun(db, id)),
    update: ({ id, ...patch }) => {
      requireOwnRun(db, id);
      return updateRun(db, id, patch);
    },
    remove: ({ id }) => {
      if (db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id)) requireOwnRun(db, id);
      cache.forget(id);
      return { removed: deleteRun(db, id) };
    },
    series: ({ id, maxPoints, from, to }) => {
      if (from === undefined && to === undefined) {
        // The whole run: its stored overview, no need to read the full series.
        const overview = loadOverview(db, id);
        if (overview.time.length <= maxPoints) return overview;
        return { ...downsampleSeries(overviewData(overview), maxPoints), totalPoints: overview.totalPoints };
      }
      const data = cache.get(id);
      const start = from === undefined ? 0 : lowerBound(data.time, from);
      const end = to === undefined ? data.time.length : upperBound(data.time, to);
      return downsampleSeries(slice(data, start, Math.max(start, end)), maxPoints);
    },
    indicators: ({ id, maxPoints, from, to }) => {
      if (from === undefined && to === undefined) {
        // The whole run: its stored overview, without decoding every indicator's blob.
        const overview = loadIndicatorOverview(db, id);
        if (overview.time.length <= maxPoints) return overview;
        return { ...downsampleIndicators(overview.time, overview.indicators, maxPoints), totalPoints: overview.totalPoints };
      }
      const { time } = cache.get(id);
      const start = from === undefined ? 0 : lowerBound(time, from);
      const end = Math.max(start, to === undefined ? time.length : upperBound(time, to));
      return downsampleIndicators(time, cache.indicators(id), maxPoints, start, end);
    },
    trades: ({ id }) => loadTrades(db, id),
    source: async ({ id }) => {
      const recorded = runSource(db, id);
      if (!recorded) return null;
      const { strategyId } = getRun(db, id);
      const currentHash = await strategies.currentHash(strategyId);
      return {
        strategyId,
        fileName: recorded.fileName,
        text: recorded.text,
        recordedHash: recorded.sourceHash,
        currentHash,
        changed: currentHash !== recorded.sourceHash,
      };
    },
    monthlyReturns: ({ id }) => loadMonthlyReturns(db, id),
    export: ({ id, format, what, maxTrades }) => exportRun(db, id, format, what, maxTrades),
    importJson: ({ json }) => getRun(db, importRunJson(db, json)),
  };
}
