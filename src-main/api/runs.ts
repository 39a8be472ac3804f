import type { runsSpec } from '../../src-shared/api/runs';
import { lowerBound } from '../data/chart';
import { chartIndices, pick } from '../runs/downsample';
import { exportRun } from '../runs/export';
import { importRunJson } from '../runs/export/json';
import { monthlyReturns } from '../runs/monthly';
import { deleteRun, getRun, listRuns, loadRunData, loadTrades, updateRun } from '../runs/repository';
import type { Db } from '../store/db';
import type { FeatureImpl } from './implement';

export function runsImpl(db: Db): FeatureImpl<typeof runsSpec> {
  return {
    list: (filter) => listRuns(db, filter),
    get: ({ id }) => getRun(db, id),
    update: ({ id, ...patch }) => updateRun(db, id, patch),
    remove: ({ id }) => ({ removed: deleteRun(db, id) }),
    series: ({ id, maxPoints, from, to }) => {
      const data = loadRunData(db, id);
      const start = from === undefined ? 0 : lowerBound(data.time, from);
      const end = to === undefined ? data.time.length : lowerBound(data.time, to + 1);
      const slice = (a: Float64Array) => a.subarray(start, Math.max(start, end));
      const equity = slice(data.equity);
      const drawdown = slice(data.drawdownPct);
      const indices = chartIndices(equity, drawdown, maxPoints);
      return {
        time: pick(slice(data.time), indices),
        equity: pick(equity, indices),
        drawdownPct: pick(drawdown, indices),
        buyHoldEquity: data.buyHoldEquity ? pick(slice(data.buyHoldEquity), indices) : null,
        totalPoints: equity.length,
      };
    },
    trades: ({ id }) => loadTrades(db, id),
    monthlyReturns: ({ id }) => {
      const run = getRun(db, id);
      const data = loadRunData(db, id);
      return monthlyReturns(data.time, data.equity, run.config.cash);
    },
    export: ({ id, format, what, maxTrades }) => exportRun(db, id, format, what, maxTrades),
    importJson: ({ json }) => getRun(db, importRunJson(db, json)),
  };
}
