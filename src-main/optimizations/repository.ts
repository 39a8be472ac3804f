import type {
  BestVariant,
  OptimizationDetail,
  OptimizationKind,
  OptimizationResultSummary,
  OptimizationStatus,
  OptimizationSummary,
  VariantFilter,
  VariantPage,
  VariantRow,
  VariantSort,
  VariantStats,
} from '../../src-shared/api/optimizations';
import { OPTIMIZATION_KINDS } from '../../src-shared/api/optimizations';
import { JOB_STATUSES } from '../../src-shared/api/jobs';
import type { ParamValues } from '../../src-shared/backtest';
import { BarwiseError, type ErrorValue } from '../../src-shared/errors';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import { VARIANT_STAT_COLUMNS, VARIANT_STAT_KEYS, variantColumn } from './variant-columns';

interface OptimizationRow {
  id: string;
  name: string;
  notes: string;
  kind: string;
  strategy_id: string;
  dataset_id: string | null;
  dataset_name: string;
  run_id: string | null;
  spec: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  job_id: string | null;
  variants_total: number;
  variants_done: number;
  best: string | null;
  summary: string | null;
  finished_at: number | null;
  created_at: number;
  updated_at: number;
}

const SUMMARY_COLUMNS = `id, name, notes, kind, strategy_id, dataset_id, dataset_name, run_id, spec, status, error_code, error_message,
  job_id, variants_total, variants_done, best, NULL AS summary, finished_at, created_at, updated_at`;

/** Database row → value, checked at the edge: a row this code cannot read is a bug to report. */
function toSummary(row: OptimizationRow): OptimizationSummary {
  if (!(OPTIMIZATION_KINDS as readonly string[]).includes(row.kind)) throw new BarwiseError('INTERNAL', `optimization ${row.id} has unknown kind "${row.kind}"`);
  if (!(JOB_STATUSES as readonly string[]).includes(row.status)) throw new BarwiseError('INTERNAL', `optimization ${row.id} has unknown status "${row.status}"`);
  return {
    id: row.id,
    name: row.name,
    notes: row.notes,
    kind: row.kind as OptimizationKind,
    strategyId: row.strategy_id,
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    runId: row.run_id,
    status: row.status as OptimizationStatus,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    jobId: row.job_id,
    variantsTotal: row.variants_total,
    variantsDone: row.variants_done,
    best: row.best === null ? null : (JSON.parse(row.best) as BestVariant),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

const toDetail = (row: OptimizationRow): OptimizationDetail => ({
  ...toSummary(row),
  spec: JSON.parse(row.spec) as unknown,
  summary: row.summary === null ? null : (JSON.parse(row.summary) as OptimizationResultSummary),
});

export interface NewOptimization {
  readonly name: string;
  readonly kind: OptimizationKind;
  readonly strategyId: string;
  readonly datasetId: string | null;
  readonly datasetName: string;
  readonly runId?: string | null;
  readonly spec: unknown;
  readonly variantsTotal: number;
}

export function insertOptimization(db: Db, created: NewOptimization, now = Date.now()): string {
  const id = newId();
  db.prepare(
    `INSERT INTO optimizations (id, name, kind, strategy_id, dataset_id, dataset_name, run_id, spec, status, variants_total, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
  ).run(id, created.name, created.kind, created.strategyId, created.datasetId, created.datasetName, created.runId ?? null, JSON.stringify(created.spec), created.variantsTotal, now, now);
  return id;
}

function readRow(db: Db, id: string): OptimizationRow {
  const row = db.prepare('SELECT * FROM optimizations WHERE id = ?').get(id) as OptimizationRow | undefined;
  if (!row) throw new BarwiseError('NOT_FOUND', `No optimization with id ${id}`);
  return row;
}

export const getOptimization = (db: Db, id: string): OptimizationDetail => toDetail(readRow(db, id));

export interface OptimizationFilter {
  readonly strategyId?: string;
  readonly datasetId?: string;
  readonly status?: OptimizationStatus;
  readonly kind?: OptimizationKind;
  readonly limit: number;
}

export function listOptimizations(db: Db, filter: OptimizationFilter): OptimizationSummary[] {
  const where: string[] = [];
  const args: unknown[] = [];
  for (const [column, value] of [
    ['strategy_id', filter.strategyId],
    ['dataset_id', filter.datasetId],
    ['status', filter.status],
    ['kind', filter.kind],
  ] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    args.push(value);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM optimizations ${whereSql} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...args, filter.limit);
  return (rows as OptimizationRow[]).map(toSummary);
}

export function updateOptimization(db: Db, id: string, patch: { name?: string; notes?: string }, now = Date.now()): OptimizationDetail {
  const current = readRow(db, id);
  db.prepare('UPDATE optimizations SET name = ?, notes = ?, updated_at = ? WHERE id = ?').run(patch.name ?? current.name, patch.notes ?? current.notes, now, id);
  return getOptimization(db, id);
}

/** Deletes the optimization and (cascade) its variants and windows. */
export function deleteOptimization(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM optimizations WHERE id = ?').run(id).changes > 0;
}

/** The job that runs the optimization now: set when a job starts it (first run, or a resume). */
export function attachJob(db: Db, id: string, jobId: string, now = Date.now()): void {
  db.prepare(`UPDATE optimizations SET job_id = ?, status = 'queued', error_code = NULL, error_message = NULL, finished_at = NULL, updated_at = ? WHERE id = ?`).run(jobId, now, id);
}

export function markRunning(db: Db, id: string, now = Date.now()): void {
  db.prepare(`UPDATE optimizations SET status = 'running', updated_at = ? WHERE id = ? AND status = 'queued'`).run(now, id);
}

/** Variants can be known only once a search starts (a walk-forward's windows depend on the bars). */
export function setVariantsTotal(db: Db, id: string, total: number, now = Date.now()): void {
  db.prepare('UPDATE optimizations SET variants_total = ?, updated_at = ? WHERE id = ?').run(total, now, id);
}

/** One variant's outcome as a chunk reports it (src-shared/optimize/results.ts, VariantResult). */
export interface VariantRecord {
  readonly index: number;
  readonly params: Readonly<ParamValues>;
  /** null where the statistic is undefined (no trades, no drawdown…) or the run failed. */
  readonly objective: number | null;
  readonly feasible: boolean;
  readonly broken: readonly string[];
  readonly stats: Readonly<Partial<Record<string, number | null>>>;
  readonly returns: ReturnMomentsValue;
  readonly blocks: readonly { readonly count: number; readonly sum: number; readonly sumOfSquares: number }[];
  readonly error?: ErrorValue;
}

export interface ReturnMomentsValue {
  readonly count: number;
  readonly mean: number;
  readonly std: number;
  readonly skewness: number;
  readonly kurtosis: number;
}

const statValue = (value: number | null | undefined): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Blocks as Float64 triples (count, sum, sum of squares): 384 bytes for 16 blocks. */
function packBlocks(blocks: VariantRecord['blocks']): Buffer {
  const packed = new Float64Array(blocks.length * 3);
  blocks.forEach((b, k) => packed.set([b.count, b.sum, b.sumOfSquares], 3 * k));
  return Buffer.from(packed.buffer);
}

function unpackBlocks(blob: Buffer | null): VariantRecord['blocks'] {
  if (!blob) return [];
  // Copied: a Buffer from SQLite may sit at an offset that is not a multiple of 8.
  const packed = new Float64Array(new Uint8Array(blob).buffer);
  return Array.from({ length: packed.length / 3 }, (_, k) => ({ count: packed[3 * k], sum: packed[3 * k + 1], sumOfSquares: packed[3 * k + 2] }));
}

const INSERT_VARIANT = `INSERT OR IGNORE INTO optimization_variants
  (optimization_id, window_index, idx, params, objective, feasible, broken, error_code, error_message,
   ${VARIANT_STAT_KEYS.map((k) => VARIANT_STAT_COLUMNS[k]).join(', ')}, returns, blocks)
  VALUES (@id, @window, @idx, @params, @objective, @feasible, @broken, @errorCode, @errorMessage,
   ${VARIANT_STAT_KEYS.map((k) => `@${k}`).join(', ')}, @returns, @blocks)`;

/**
 * Stores a chunk's variants and the optimization's progress in ONE transaction: after a crash the
 * table holds whole chunks, and `variants_done` counts exactly the rows there are. A variant
 * already stored (a chunk re-run after a resume) is left as it was. With `bestBy` (the objective's
 * direction), the optimization's best is brought up to date and returned.
 */
export function saveVariants(
  db: Db,
  id: string,
  window: number,
  variants: readonly VariantRecord[],
  bestBy: 'maximize' | 'minimize' | null,
  now = Date.now(),
): BestVariant | null {
  return db
    .transaction(() => {
      const insert = db.prepare(INSERT_VARIANT);
      let added = 0;
      for (const v of variants) {
        const stats = Object.fromEntries(VARIANT_STAT_KEYS.map((k) => [k, statValue(v.stats[k])]));
        added += insert.run({
          id,
          window,
          idx: v.index,
          params: JSON.stringify(v.params),
          objective: v.error ? null : statValue(v.objective),
          feasible: v.feasible && !v.error ? 1 : 0,
          broken: JSON.stringify(v.broken),
          errorCode: v.error?.code ?? null,
          errorMessage: v.error?.message ?? null,
          ...stats,
          returns: JSON.stringify(v.returns),
          blocks: v.blocks.length ? packBlocks(v.blocks) : null,
        }).changes;
      }
      const best = bestBy === null ? null : bestVariant(db, id, window, bestBy === 'maximize');
      db.prepare(`UPDATE optimizations SET variants_done = variants_done + ?, best = COALESCE(?, best), status = 'running', updated_at = ? WHERE id = ?`).run(
        added,
        best ? JSON.stringify(best) : null,
        now,
        id,
      );
      return best;
    })
    .immediate();
}

interface VariantDbRow {
  window_index: number;
  idx: number;
  params: string;
  objective: number | null;
  feasible: number;
  broken: string;
  error_code: string | null;
  error_message: string | null;
  returns: string;
  blocks: Buffer | null;
  [column: string]: unknown;
}

function toVariant(row: VariantDbRow): VariantRow {
  const stats = Object.fromEntries(VARIANT_STAT_KEYS.map((k) => [k, row[VARIANT_STAT_COLUMNS[k]] as number | null])) as unknown as VariantStats;
  return {
    index: row.idx,
    window: row.window_index,
    params: JSON.parse(row.params) as ParamValues,
    objective: row.objective,
    feasible: row.feasible === 1,
    broken: JSON.parse(row.broken) as string[],
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    stats,
  };
}

/** The best variant of a window: the best objective of the feasible ones, the lowest index among equals. */
export function bestVariant(db: Db, id: string, window: number, maximize: boolean): BestVariant | null {
  const row = db
    .prepare(
      `SELECT * FROM optimization_variants WHERE optimization_id = ? AND window_index = ? AND objective IS NOT NULL AND feasible = 1
       ORDER BY objective ${maximize ? 'DESC' : 'ASC'}, idx ASC LIMIT 1`,
    )
    .get(id, window) as VariantDbRow | undefined;
  if (!row) return null;
  const v = toVariant(row);
  return { index: v.index, params: v.params, objective: v.objective as number, stats: v.stats };
}

/** The indices of a window's stored variants: what a resumed optimization does not run again. */
export function storedIndices(db: Db, id: string, window: number): Set<number> {
  return new Set(db.prepare('SELECT idx FROM optimization_variants WHERE optimization_id = ? AND window_index = ?').pluck().all(id, window) as number[]);
}

/** A stored variant as the diagnostics read it: the row, its return moments and CSCV blocks. */
export interface StoredVariant extends VariantRow {
  readonly returns: ReturnMomentsValue;
  readonly blocks: VariantRecord['blocks'];
}

/** Every variant of a window in index order, for the diagnostics, the heatmap and the stability score. */
export function allVariants(db: Db, id: string, window: number): StoredVariant[] {
  const rows = db.prepare('SELECT * FROM optimization_variants WHERE optimization_id = ? AND window_index = ? ORDER BY idx').all(id, window) as VariantDbRow[];
  return rows.map((row) => ({ ...toVariant(row), returns: JSON.parse(row.returns) as ReturnMomentsValue, blocks: unpackBlocks(row.blocks) }));
}

export interface VariantPageQuery {
  readonly window: number;
  readonly sort: VariantSort;
  readonly order: 'asc' | 'desc';
  readonly filters: readonly VariantFilter[];
  readonly offset: number;
  readonly limit: number;
}

/** A filter's column: a statistic's, or a parameter read from the params JSON. */
function filterColumn(field: string): { sql: string; arg?: string } {
  if (field.startsWith('param:')) return { sql: 'json_extract(params, ?)', arg: `$.${field.slice('param:'.length)}` };
  return { sql: variantColumn(field as Exclude<VariantSort, 'index'>) };
}

export function variantPage(db: Db, id: string, query: VariantPageQuery): VariantPage {
  readRow(db, id);
  const where = ['optimization_id = ?', 'window_index = ?'];
  const args: unknown[] = [id, query.window];
  for (const filter of query.filters) {
    const column = filterColumn(filter.field);
    for (const [op, bound] of [['>=', filter.min], ['<=', filter.max]] as const) {
      if (bound === undefined) continue;
      where.push(`${column.sql} ${op} ?`);
      if (column.arg !== undefined) args.push(column.arg);
      args.push(bound);
    }
  }
  const whereSql = where.join(' AND ');
  // The sort key is one of a fixed list (API schema), never user text: safe to place in SQL.
  const sortSql = query.sort === 'index' ? 'idx' : variantColumn(query.sort);
  const order = query.order === 'asc' ? 'ASC' : 'DESC';
  // Variants whose statistic is undefined (null) sort last either way; ties by index.
  const rows = db
    .prepare(`SELECT * FROM optimization_variants WHERE ${whereSql} ORDER BY ${sortSql} IS NULL, ${sortSql} ${order}, idx ASC LIMIT ? OFFSET ?`)
    .all(...args, query.limit, query.offset) as VariantDbRow[];
  const total = db.prepare(`SELECT count(*) FROM optimization_variants WHERE ${whereSql}`).pluck().get(...args) as number;
  return { rows: rows.map(toVariant), total };
}

/** Records how an optimization ended, with what it found (diagnostics, windows, Monte Carlo figures). */
export function finishOptimization(
  db: Db,
  id: string,
  status: 'completed' | 'failed' | 'cancelled',
  outcome: { summary?: unknown; best?: BestVariant | null; error?: ErrorValue | null },
  now = Date.now(),
): void {
  db.prepare(
    `UPDATE optimizations SET status = ?, summary = COALESCE(?, summary), best = COALESCE(?, best), error_code = ?, error_message = ?,
       finished_at = ?, updated_at = ? WHERE id = ?`,
  ).run(
    status,
    outcome.summary === undefined ? null : JSON.stringify(outcome.summary),
    outcome.best ? JSON.stringify(outcome.best) : null,
    outcome.error?.code ?? null,
    outcome.error?.message ?? null,
    now,
    now,
    id,
  );
}

/**
 * Optimizations left queued or running whose job is no longer running: their process quit or
 * crashed (its job was failed INTERRUPTED by the job recovery), or the job row was cleared.
 * Those are the ones to resume.
 */
export function interruptedOptimizations(db: Db): string[] {
  return db
    .prepare(
      `SELECT o.id FROM optimizations o LEFT JOIN jobs j ON j.id = o.job_id
       WHERE o.status IN ('queued', 'running') AND (j.id IS NULL OR j.status NOT IN ('queued', 'running'))
       ORDER BY o.created_at`,
    )
    .pluck()
    .all() as string[];
}
