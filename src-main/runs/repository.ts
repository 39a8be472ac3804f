import { withDerivedStats, type BacktestResult, type BacktestStats, type Trade } from '../../src-shared/backtest';
import type { RunDetail, RunSummary } from '../../src-shared/api/runs';
import { BarwiseError } from '../../src-shared/errors';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import type { MonthlyReturn, RunSeries } from '../../src-shared/api/runs';
import { packFloat64, packTrades, resultHash, unpackFloat64, unpackTrades } from './blobs';
import { chartIndices, pick } from './downsample';
import { insertIndicators } from './indicators';
import { monthlyReturns } from './monthly';
import { defaultRunName } from './run-name';
import type { RecordedSource } from './sources';

/** Points in a run's stored overview: more than any chart is wide, so a chart never needs the full series unzoomed. */
export const OVERVIEW_POINTS = 4000;

export interface RunOrigin {
  /** null for a run imported from another machine, whose dataset need not exist here. */
  readonly datasetId: string | null;
  readonly datasetName: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly name?: string;
  /** The user strategy's source the run ran (none for a built-in): kept with the run. */
  readonly source?: RecordedSource;
}

interface RunRow {
  id: string;
  name: string;
  dataset_id: string | null;
  dataset_name: string;
  dataset_hash: string;
  symbol: string;
  timeframe: string;
  strategy_id: string;
  config: string;
  provenance: string;
  stats: string;
  result_hash: string;
  bar_count: number;
  trade_count: number;
  notes: string;
  tags: string;
  created_at: number;
  updated_at: number;
  origin_device?: string | null;
  origin_user?: string | null;
  origin_host?: string | null;
}

function toSummary(row: RunRow): RunSummary {
  const provenance = JSON.parse(row.provenance) as RunDetail['provenance'];
  return {
    id: row.id,
    name: row.name,
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    symbol: row.symbol,
    timeframe: row.timeframe,
    strategyId: row.strategy_id,
    params: provenance.params,
    stats: withDerivedStats(JSON.parse(row.stats) as BacktestStats),
    barCount: row.bar_count,
    tradeCount: row.trade_count,
    notes: row.notes,
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    origin: row.origin_device ? { device: row.origin_device, user: row.origin_user ?? '', host: row.origin_host ?? '' } : null,
  };
}

function toDetail(row: RunRow): RunDetail {
  return {
    ...toSummary(row),
    config: JSON.parse(row.config) as RunDetail['config'],
    provenance: JSON.parse(row.provenance) as RunDetail['provenance'],
    resultHash: row.result_hash,
  };
}

/**
 * Stores a finished backtest. Call inside the transaction that also marks its job completed, so
 * a run never exists without its job's `completed`, nor the reverse.
 */
export function insertRun(db: Db, result: BacktestResult, origin: RunOrigin, now = Date.now()): string {
  const id = newId();
  const { source } = origin;
  const recorded = result.provenance.sourceHash;
  if (source && recorded !== undefined && recorded !== source.sourceHash) {
    throw new BarwiseError('INTERNAL', `the run's provenance names source ${recorded} but ran ${source.sourceHash}`);
  }
  if (!source && recorded !== undefined) {
    throw new BarwiseError('INTERNAL', `the run names source ${recorded.slice(0, 12)}… but its text was not given to keep`);
  }
  const provenance = source ? { ...result.provenance, sourceHash: source.sourceHash } : result.provenance;
  db.prepare(
    `INSERT INTO runs (id, name, dataset_id, dataset_name, dataset_hash, symbol, timeframe, strategy_id,
       strategy_version, engine_version, config, provenance, stats, result_hash, bar_count, trade_count,
       notes, tags, created_at, updated_at, source_hash, source_file, source_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '[]', ?, ?, ?, ?, ?)`,
  ).run(
    id,
    origin.name ?? defaultRunName(result, origin),
    origin.datasetId,
    origin.datasetName,
    result.provenance.dataHash,
    origin.symbol,
    origin.timeframe,
    result.provenance.strategyId,
    result.provenance.strategyVersion,
    result.provenance.engineVersion,
    JSON.stringify(result.config),
    JSON.stringify(provenance),
    JSON.stringify(result.stats),
    resultHash(result),
    result.equity.length,
    result.trades.length,
    now,
    now,
    source?.sourceHash ?? null,
    source?.fileName ?? null,
    source?.text ?? null,
  );
  const data: RunData = {
    time: result.time,
    equity: result.equity,
    drawdownPct: result.drawdownPct,
    buyHoldEquity: result.buyHoldEquity ?? null,
  };
  db.prepare(
    `INSERT INTO run_data (run_id, time, equity, drawdown, buy_hold, trades, overview, monthly, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    packFloat64(result.time),
    packFloat64(result.equity),
    packFloat64(result.drawdownPct),
    result.buyHoldEquity ? packFloat64(result.buyHoldEquity) : null,
    packTrades(result.trades),
    JSON.stringify(downsampleSeries(data, OVERVIEW_POINTS)),
    JSON.stringify(monthlyReturns(result.time, result.equity, result.config.cash)),
    now,
    now,
  );
  insertIndicators(db, id, result.indicators ?? [], result.time, now);
  return id;
}

/** A run's per-bar series reduced to about `maxPoints` points (see chartIndices for what is kept). */
export function downsampleSeries(data: RunData, maxPoints: number): RunSeries {
  const indices = chartIndices(data.equity, data.drawdownPct, maxPoints);
  return {
    time: pick(data.time, indices),
    equity: pick(data.equity, indices),
    drawdownPct: pick(data.drawdownPct, indices),
    buyHoldEquity: data.buyHoldEquity ? pick(data.buyHoldEquity, indices) : null,
    totalPoints: data.equity.length,
  };
}

/** The whole run, downsampled when it was stored. */
export function loadOverview(db: Db, id: string): RunSeries {
  const row = db.prepare('SELECT overview FROM run_data WHERE run_id = ?').get(id) as { overview: string } | undefined;
  if (!row) throw new BarwiseError('RUN_NOT_FOUND', `No run with id ${id}`);
  return JSON.parse(row.overview) as RunSeries;
}

export function loadMonthlyReturns(db: Db, id: string): MonthlyReturn[] {
  const row = db.prepare('SELECT monthly FROM run_data WHERE run_id = ?').get(id) as { monthly: string } | undefined;
  if (!row) throw new BarwiseError('RUN_NOT_FOUND', `No run with id ${id}`);
  return JSON.parse(row.monthly) as MonthlyReturn[];
}

export function getRun(db: Db, id: string): RunDetail {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!row) throw new BarwiseError('RUN_NOT_FOUND', `No run with id ${id}`);
  return toDetail(row);
}

export interface RunFilter {
  readonly datasetId?: string;
  readonly strategyId?: string;
  readonly tag?: string;
  readonly search?: string;
  /** 'createdAt', 'name', or a statistic key (validated by the API schema). */
  readonly sort: string;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly offset: number;
}

export function listRuns(db: Db, filter: RunFilter): { runs: RunSummary[]; total: number } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.datasetId) {
    where.push('dataset_id = ?');
    args.push(filter.datasetId);
  }
  if (filter.strategyId) {
    where.push('strategy_id = ?');
    args.push(filter.strategyId);
  }
  if (filter.tag) {
    where.push('EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE json_each.value = ?)');
    args.push(filter.tag);
  }
  if (filter.search) {
    where.push("(name LIKE ? ESCAPE '\\' OR notes LIKE ? ESCAPE '\\')");
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    args.push(like, like);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // The sort key is one of a fixed list (API schema), never user text: safe to place in SQL.
  if (!/^[A-Za-z]+$/.test(filter.sort)) throw new BarwiseError('VALIDATION_FAILED', `Cannot sort by ${filter.sort}`);
  const sortSql =
    filter.sort === 'createdAt'
      ? 'created_at'
      : filter.sort === 'name'
        ? 'name COLLATE NOCASE'
        : filter.sort === 'moneyProfitFactor'
          ? // Derived, not stored (withDerivedStats): the same quotient, NULL without a loss.
            "(CASE WHEN json_extract(stats, '$.grossLoss') < 0 THEN json_extract(stats, '$.grossProfit') / -json_extract(stats, '$.grossLoss') END)"
          : `json_extract(stats, '$.${filter.sort}')`;
  const order = filter.order === 'asc' ? 'ASC' : 'DESC';
  // Runs whose statistic is undefined (null) sort last either way.
  const rows = db
    .prepare(`SELECT * FROM runs ${whereSql} ORDER BY (${sortSql}) IS NULL, ${sortSql} ${order}, id DESC LIMIT ? OFFSET ?`)
    .all(...args, filter.limit, filter.offset) as RunRow[];
  const { total } = db.prepare(`SELECT count(*) AS total FROM runs ${whereSql}`).get(...args) as { total: number };
  return { runs: rows.map(toSummary), total };
}

export function updateRun(
  db: Db,
  id: string,
  patch: { name?: string; notes?: string; tags?: readonly string[] },
  now = Date.now(),
): RunDetail {
  const current = getRun(db, id);
  const tags = patch.tags ? [...new Set(patch.tags.map((t) => t.trim()))] : current.tags;
  db.prepare('UPDATE runs SET name = ?, notes = ?, tags = ?, updated_at = ? WHERE id = ?').run(
    patch.name ?? current.name,
    patch.notes ?? current.notes,
    JSON.stringify(tags),
    now,
    id,
  );
  return getRun(db, id);
}

/**
 * Refuses to change a teammate's run: it is a read-only copy of the team server's (its owner's
 * renames and deletes arrive by sync).
 */
export function requireOwnRun(db: Db, id: string): void {
  const run = getRun(db, id);
  if (run.origin) {
    throw new BarwiseError('RUN_READ_ONLY', `Run "${run.name}" is ${run.origin.user}'s (from ${run.origin.host}), shared by the team server: it is read-only here`);
  }
}

/** Deletes the run and (cascade) its series, trades and indicators. */
export function deleteRun(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
}

export interface RunData {
  readonly time: Float64Array;
  readonly equity: Float64Array;
  readonly drawdownPct: Float64Array;
  readonly buyHoldEquity: Float64Array | null;
}

export function loadRunData(db: Db, id: string): RunData {
  const row = db.prepare('SELECT time, equity, drawdown, buy_hold FROM run_data WHERE run_id = ?').get(id) as
    | { time: Buffer; equity: Buffer; drawdown: Buffer; buy_hold: Buffer | null }
    | undefined;
  if (!row) throw new BarwiseError('RUN_NOT_FOUND', `No run with id ${id}`);
  return {
    time: unpackFloat64(row.time),
    equity: unpackFloat64(row.equity),
    drawdownPct: unpackFloat64(row.drawdown),
    buyHoldEquity: row.buy_hold ? unpackFloat64(row.buy_hold) : null,
  };
}

export function loadTrades(db: Db, id: string): Trade[] {
  const row = db.prepare('SELECT trades FROM run_data WHERE run_id = ?').get(id) as { trades: Buffer } | undefined;
  if (!row) throw new BarwiseError('RUN_NOT_FOUND', `No run with id ${id}`);
  return unpackTrades(row.trades);
}
