import type { MonteCarloSummary } from '../../src-shared/api/optimizations';
import { BarwiseError } from '../../src-shared/errors';
import type { MonteCarloResult, MonteCarloTradesTask } from '../../src-shared/optimize/tasks';
import type { DataService } from '../data/service';
import type { JobContext } from '../jobs/service';
import { getRun, loadTrades } from '../runs/repository';
import type { Db } from '../store/db';
import { setVariantsTotal } from './repository';
import type { MonteCarloRunSpec } from './spec';
import type { OptimizationOutcome } from './summary';

export interface MonteCarloInputs {
  readonly db: Db;
  readonly ctx: JobContext<unknown>;
  readonly optimizationId: string;
  readonly spec: MonteCarloRunSpec;
  readonly data: DataService;
  readonly threads: number;
}

/**
 * A Monte Carlo study of a stored run: its trades' returns reshuffled or bootstrapped (one task:
 * a thousand runs over a thousand trades take well under a second). It is not resumable piece by
 * piece: seeded, it gives the same figures when run again from the start.
 */
export async function runMonteCarlo(inputs: MonteCarloInputs): Promise<OptimizationOutcome> {
  const { db, ctx, spec } = inputs;
  const run = getRun(db, spec.runId);
  setVariantsTotal(db, inputs.optimizationId, spec.monteCarlo.runs);
  const method = spec.monteCarlo.method;
  if (method === 'blocks') throw new BarwiseError('INVALID_CONFIG', 'the blocks Monte Carlo is not available yet');
  const trades = loadTrades(db, spec.runId);
  if (trades.length === 0) throw new BarwiseError('NOT_ENOUGH_DATA', `run "${run.name}" has no trades to resample`);
  const task: MonteCarloTradesTask = {
    trades: trades.map((t) => ({ returnPct: t.returnPct })),
    initialEquity: run.config.cash,
    durationMs: run.stats.durationMs,
    spec: { ...spec.monteCarlo, method },
  };
  const result = await ctx.runTask<MonteCarloResult>('montecarlo.trades', task, {
    priority: 'interactive',
    onProgress: (p) => ctx.progress(p.fraction, p.message),
  });
  const summary: MonteCarloSummary = { kind: 'monte-carlo', result, runName: run.name, trades: trades.length };
  return { best: null, summary };
}
