import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import type { TeamBatchStatus } from '../../src-shared/api/team';
import type { BacktestResult } from '../../src-shared/backtest';
import { formatTimeframe, parseTimeframe } from '../../src-shared/bars/resample';
import { BarwiseError } from '../../src-shared/errors';
import { requiredTimeframes } from '../../src-workers/strategies/registry';
import { parseBacktestRequest, type BacktestJobParams } from '../backtests/job';
import type { DataService } from '../data/service';
import { getDataset } from '../data/repository';
import type { JobDefinition, JobService } from '../jobs/service';
import { insertRun } from '../runs/repository';
import type { SyncService } from '../sync/service';
import type { TeamPool } from '../sync/pool';
import { barsKey, uploadBars } from './bars';
import { batchResults, batchStatus, cancelBatch, submitBatch, type BatchResult } from './batches';
import { backtestTeamKind, type TeamBacktestData } from './kinds';
import { DEFAULT_QUEUE_TIMING, openQueue, type QueueTiming } from './queue';

export interface TeamComputeDeps {
  readonly sync: SyncService;
  readonly data: DataService;
  readonly jobs: JobService;
  readonly timing?: Partial<QueueTiming>;
  /** How often a watching job reads its batch's progress. */
  readonly pollMs?: number;
}

interface TeamBacktestsParams {
  readonly requests: readonly BacktestJobParams[];
}

interface TeamBacktestsOutput {
  readonly batchId: string;
  readonly results: readonly BatchResult<BacktestResult>[];
  readonly requests: readonly BacktestJobParams[];
}

/**
 * The desktop's side of team compute: "Run on team workers" sends backtests to the team queue
 * (bars uploaded once by content), and a local job of kind `team-backtests` follows the batch on
 * the Jobs page like any job (progress = finished / total) and stores every run it brings back
 * in the same transaction that completes it. Cancelling the local job cancels the batch's jobs.
 */
export class TeamCompute {
  readonly timing: QueueTiming;
  private boss: Promise<{ pool: TeamPool; boss: PgBoss }> | undefined;
  private following = true;

  constructor(private readonly deps: TeamComputeDeps) {
    this.timing = { ...DEFAULT_QUEUE_TIMING, ...deps.timing };
    deps.jobs.register(this.job());
  }

  /** The queue over the sync's pool (opened once; again after the pool changed or failed). */
  async queue(): Promise<{ pool: TeamPool; boss: PgBoss }> {
    const pool = await this.deps.sync.connected();
    const current = await this.boss?.catch(() => undefined);
    if (current && current.pool === pool) return current;
    await current?.boss.stop({ graceful: false, close: false }).catch(() => undefined);
    this.boss = openQueue(pool, [backtestTeamKind.kind], this.timing).then((boss) => ({ pool, boss }));
    return this.boss;
  }

  runBacktests(requests: readonly unknown[]) {
    return this.deps.jobs.submit('team-backtests', { requests });
  }

  async batchStatus(batchId: string): Promise<TeamBatchStatus> {
    const { pool } = await this.queue();
    return batchStatus(pool, batchId);
  }

  /** Uploads each request's bars (and higher timeframes) the server lacks; the jobs' data. */
  private async prepare(pool: TeamPool, requests: readonly BacktestJobParams[]): Promise<Omit<TeamBacktestData, 'batchId' | 'seq'>[]> {
    const { data } = this.deps;
    const uploaded = new Set<string>();
    const keyFor = async (datasetId: string, contentHash: string, timeframe: string | undefined) => {
      const bars = data.cache.getSharedBars(datasetId, timeframe);
      const key = barsKey(contentHash, bars.timeframeMs);
      if (!uploaded.has(key)) {
        await uploadBars(pool, key, bars);
        uploaded.add(key);
      }
      return key;
    };
    const out: Omit<TeamBacktestData, 'batchId' | 'seq'>[] = [];
    for (const request of requests) {
      const dataset = getDataset(data.db, request.datasetId);
      const higher: Record<string, string> = {};
      for (const tf of requiredTimeframes(request.config.strategy.id, request.config.strategy.params)) {
        higher[tf] = await keyFor(dataset.id, dataset.contentHash, tf);
      }
      out.push({
        bars: await keyFor(dataset.id, dataset.contentHash, request.timeframe),
        higher,
        config: request.config,
        dataHash: dataset.contentHash,
      });
    }
    return out;
  }

  private job(): JobDefinition<TeamBacktestsParams, TeamBacktestsOutput> {
    const pollMs = this.deps.pollMs ?? 500;
    return {
      kind: 'team-backtests',
      parse: (raw) => {
        const requests = (raw as { requests?: unknown }).requests;
        if (!Array.isArray(requests) || requests.length === 0) throw new BarwiseError('VALIDATION_FAILED', 'requests: give at least one backtest');
        return { requests: requests.map((r, i) => {
          try {
            return parseBacktestRequest(this.deps.data, r);
          } catch (error) {
            const e = error as BarwiseError;
            throw new BarwiseError(e.code ?? 'VALIDATION_FAILED', `requests.${i}: ${e.message}`);
          }
        }) };
      },
      run: async (ctx) => {
        ctx.running();
        ctx.progress(0, 'sending to the team');
        const { pool, boss } = await this.queue();
        const jobs = await this.prepare(pool, ctx.params.requests);
        const device = this.deps.sync.device.id;
        const batchId = await submitBatch<TeamBacktestData>(pool, boss, backtestTeamKind.kind, device, jobs, this.timing);
        for (;;) {
          if (!this.following) throw new BarwiseError('POOL_CLOSED', 'Barwise shut down while following a team batch; its jobs go on on the team workers');
          if (ctx.signal.aborted) {
            await cancelBatch(pool, boss, backtestTeamKind.kind, batchId).catch(() => undefined);
            throw new BarwiseError('CANCELLED', 'Cancelled');
          }
          const status = await batchStatus(pool, batchId);
          const done = status.completed + status.failed;
          ctx.progress(done / status.total, `${done} of ${status.total} done on team workers (${status.claimed} running, ${status.failed} failed)`);
          if (done >= status.total) break;
          await sleep(pollMs, undefined, { signal: ctx.signal }).catch(() => undefined);
        }
        return { batchId, results: await batchResults(pool, batchId, backtestTeamKind), requests: ctx.params.requests };
      },
      persist: (db, output) => {
        for (const result of output.results) {
          if (result.status !== 'completed' || !result.output) continue;
          const request = output.requests[result.seq];
          const dataset = getDataset(db, request.datasetId);
          insertRun(db, result.output, {
            datasetId: dataset.id,
            datasetName: dataset.name,
            symbol: dataset.symbol,
            timeframe: request.timeframe === undefined ? dataset.timeframe : formatTimeframe(parseTimeframe(request.timeframe)),
            name: request.name,
          });
        }
        return output.batchId;
      },
    };
  }

  /** Running `team-backtests` jobs end at their next look at the batch (the app is shutting down). */
  stopFollowing(): void {
    this.following = false;
  }

  async close(): Promise<void> {
    this.following = false;
    const current = await this.boss?.catch(() => undefined);
    await current?.boss.stop({ graceful: false, close: false, wait: true }).catch(() => undefined);
  }
}
