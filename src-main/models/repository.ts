import {
  MODEL_ORIGINS,
  MODEL_STATUSES,
  type KeyMetric,
  type KeyMetrics,
  type Lineage,
  type LineageNode,
  type ModelDetail,
  type ModelOrigin,
  type ModelParent,
  type ModelStatus,
  type ModelSummary,
  type PhaseTimes,
  type TrainingReport,
} from '../../src-shared/api/models';
import { BarwiseError, isErrorCode, type ErrorValue } from '../../src-shared/errors';
import { ALGORITHMS, type AlgorithmKind, type ModelConfig, type TargetConfig } from '../../src-shared/ml/config';
import type { FeatureImportance, ModelMetrics } from '../../src-shared/ml/results';
import type { MlTrainResult } from '../../src-workers/tasks/ml-tasks';
import type { Db } from '../store/db';
import { statusesBefore } from './status';

interface ModelRow {
  id: string;
  name: string;
  status: string;
  job_id: string | null;
  dataset_id: string | null;
  dataset_name: string;
  dataset_hash: string;
  symbol: string;
  timeframe: string;
  algorithm: string;
  target: string;
  feature_count: number;
  config: string;
  fingerprint: string;
  trainer_version: string;
  origin: string;
  parent_id: string | null;
  parent_name: string | null;
  parent_fingerprint: string | null;
  metrics: string | null;
  report: string | null;
  error_code: string | null;
  error_message: string | null;
  phases: string;
  started_at: number | null;
  finished_at: number | null;
  created_at: number;
  updated_at: number;
}

/** Every column but the configuration and the training report, which only a model's details show. */
const SUMMARY_COLUMNS = `id, name, status, job_id, dataset_id, dataset_name, dataset_hash, symbol, timeframe, algorithm, target,
  feature_count, fingerprint, trainer_version, origin, parent_id, parent_name, parent_fingerprint, metrics, error_code,
  error_message, started_at, finished_at, created_at, updated_at`;

/** `direction:12`, `direction:12/3±0.002` (three classes and their dead zone), `return:5`. */
export function targetText(target: TargetConfig): string {
  if (target.kind === 'return') return `return:${target.horizon}`;
  return target.classes === 3 ? `direction:${target.horizon}/3±${target.deadZone}` : `direction:${target.horizon}`;
}

function keyMetrics(test: ModelMetrics): KeyMetrics {
  if (test.kind === 'classification') {
    return { accuracy: test.accuracy, f1: test.f1, rocAuc: test.rocAuc, logLoss: test.logLoss, r2: null, mae: null, directionalAccuracy: null };
  }
  return { accuracy: null, f1: null, rocAuc: null, logLoss: null, r2: test.r2, mae: test.mae, directionalAccuracy: test.directionalAccuracy };
}

/** Database row → ModelSummary, checked at the edge: a row this code cannot read is a bug to report. */
function toSummary(row: ModelRow): ModelSummary {
  if (!(MODEL_STATUSES as readonly string[]).includes(row.status)) throw new BarwiseError('INTERNAL', `model ${row.id} has unknown status "${row.status}"`);
  if (!(ALGORITHMS as readonly string[]).includes(row.algorithm)) throw new BarwiseError('INTERNAL', `model ${row.id} has unknown algorithm "${row.algorithm}"`);
  if (!(MODEL_ORIGINS as readonly string[]).includes(row.origin)) throw new BarwiseError('INTERNAL', `model ${row.id} has unknown origin "${row.origin}"`);
  let error: ErrorValue | null = null;
  if (row.error_code !== null) error = { code: isErrorCode(row.error_code) ? row.error_code : 'INTERNAL', message: row.error_message ?? '' };
  const parent: ModelParent | null =
    row.parent_name === null || row.parent_fingerprint === null ? null : { id: row.parent_id, name: row.parent_name, fingerprint: row.parent_fingerprint };
  const metrics = row.metrics === null ? null : keyMetrics((JSON.parse(row.metrics) as { test: ModelMetrics }).test);
  return {
    id: row.id,
    name: row.name,
    status: row.status as ModelStatus,
    jobId: row.job_id,
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    datasetHash: row.dataset_hash,
    symbol: row.symbol,
    timeframe: row.timeframe,
    algorithm: row.algorithm as AlgorithmKind,
    target: row.target,
    featureCount: row.feature_count,
    fingerprint: row.fingerprint,
    trainerVersion: row.trainer_version,
    origin: row.origin as ModelOrigin,
    parent,
    metrics,
    error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}

/** A model as its training job creates it, queued. */
export interface NewModel {
  readonly id: string;
  readonly name: string;
  readonly jobId: string;
  readonly dataset: { readonly id: string; readonly name: string; readonly contentHash: string; readonly symbol: string };
  readonly timeframe: string;
  readonly config: ModelConfig;
  readonly featureCount: number;
  readonly fingerprint: string;
  readonly trainerVersion: string;
  readonly origin: ModelOrigin;
  readonly parent: { readonly id: string; readonly name: string; readonly fingerprint: string } | null;
}

export function insertModel(db: Db, model: NewModel, now = Date.now()): void {
  db.prepare(
    `INSERT INTO models (id, name, status, job_id, dataset_id, dataset_name, dataset_hash, symbol, timeframe, algorithm, target,
       feature_count, config, fingerprint, trainer_version, origin, parent_id, parent_name, parent_fingerprint, created_at, updated_at)
     VALUES (@id, @name, 'queued', @jobId, @datasetId, @datasetName, @datasetHash, @symbol, @timeframe, @algorithm, @target,
       @featureCount, @config, @fingerprint, @trainerVersion, @origin, @parentId, @parentName, @parentFingerprint, @now, @now)`,
  ).run({
    id: model.id,
    name: model.name,
    jobId: model.jobId,
    datasetId: model.dataset.id,
    datasetName: model.dataset.name,
    datasetHash: model.dataset.contentHash,
    symbol: model.dataset.symbol,
    timeframe: model.timeframe,
    algorithm: model.config.algorithm.kind,
    target: targetText(model.config.target),
    featureCount: model.featureCount,
    config: JSON.stringify(model.config),
    fingerprint: model.fingerprint,
    trainerVersion: model.trainerVersion,
    origin: model.origin,
    parentId: model.parent?.id ?? null,
    parentName: model.parent?.name ?? null,
    parentFingerprint: model.parent?.fingerprint ?? null,
    now,
  });
}

function readRow(db: Db, id: string): ModelRow | undefined {
  return db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
}

function requireRow(db: Db, id: string): ModelRow {
  const row = readRow(db, id);
  if (!row) throw new BarwiseError('MODEL_NOT_FOUND', `no model with id ${id}`);
  return row;
}

export function modelExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM models WHERE id = ?').get(id) !== undefined;
}

/**
 * A failed or cancelled model trained again by a retry of its job: queued again under the new
 * job, its error and phases cleared. Refused while it is unfinished or once it is completed.
 */
export function requeueModel(db: Db, id: string, jobId: string, now = Date.now()): void {
  const row = requireRow(db, id);
  if (row.status !== 'failed' && row.status !== 'cancelled') {
    throw new BarwiseError('INVALID_TRANSITION', `model ${row.name} (${id}) is ${row.status}; only a failed or cancelled model can be trained again by a retry`);
  }
  db.prepare(
    `UPDATE models SET status = 'queued', job_id = ?, error_code = NULL, error_message = NULL, phases = '{}', started_at = NULL,
       finished_at = NULL, updated_at = ? WHERE id = ?`,
  ).run(jobId, now, id);
}

const inList = (statuses: readonly string[]) => statuses.map((s) => `'${s}'`).join(', ');

/**
 * Moves a model of job `jobId` on to a later phase, recording when the phase began. Returns false
 * (and writes nothing) when the model is already there or past it, has finished, is gone, or now
 * belongs to another job.
 */
export function advanceModel(db: Db, id: string, jobId: string, to: 'preprocessing' | 'training' | 'evaluating', at = Date.now()): boolean {
  return (
    db
      .prepare(
        `UPDATE models SET status = @to, phases = json_set(phases, '$.' || @to, @at), started_at = coalesce(started_at, @at), updated_at = @at
         WHERE id = @id AND job_id = @jobId AND status IN (${inList(statusesBefore(to))})`,
      )
      .run({ id, jobId, to, at }).changes > 0
  );
}

/**
 * Stores a trained model: metrics, report, blob and importance, and `completed`, in the caller's
 * transaction (the one that completes the job). Refused when the model is gone or is no longer
 * this job's, so a result never lands on the wrong row.
 */
export function completeModel(db: Db, id: string, jobId: string, result: MlTrainResult, now = Date.now()): void {
  const row = readRow(db, id);
  if (!row || row.job_id !== jobId) throw new BarwiseError('MODEL_NOT_FOUND', `model ${id} was deleted while it trained; its result is dropped`);
  const report: TrainingReport = {
    rows: result.rows,
    windows: result.windows,
    iterations: result.iterations,
    validationLoss: result.validationLoss,
    featureNames: result.featureNames,
  };
  db.prepare(
    `UPDATE models SET status = 'completed', metrics = ?, report = ?, trainer_version = ?, feature_count = ?, finished_at = ?, updated_at = ?
     WHERE id = ?`,
  ).run(JSON.stringify(result.metrics), JSON.stringify(report), result.trainerVersion, result.featureNames.length, now, now, id);
  db.prepare('INSERT INTO model_blobs (model_id, blob, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
    id,
    Buffer.from(result.model.buffer, result.model.byteOffset, result.model.byteLength),
    now,
    now,
  );
  const insert = db.prepare(
    'INSERT INTO model_features (model_id, feature, rank, gain, permutation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  result.importance.forEach((f, rank) => insert.run(id, f.feature, rank, f.gain, f.permutation, now, now));
}

/**
 * Records how the training of job `jobId` ended when it did not complete (failed, cancelled,
 * interrupted), in the transaction that records the job's end. A model already finished is left
 * as it is. Returns whether a model was moved.
 */
export function settleModel(db: Db, jobId: string, status: 'failed' | 'cancelled', error: ErrorValue | null, at = Date.now()): boolean {
  return (
    db
      .prepare(
        `UPDATE models SET status = ?, error_code = ?, error_message = ?, finished_at = ?, updated_at = ?
         WHERE job_id = ? AND status IN (${inList(statusesBefore(status))})`,
      )
      .run(status, error?.code ?? null, error?.message ?? null, at, at, jobId).changes > 0
  );
}

export function getModel(db: Db, id: string): ModelDetail {
  const row = requireRow(db, id);
  const blobBytes = db.prepare('SELECT length(blob) FROM model_blobs WHERE model_id = ?').pluck().get(id) as number | undefined;
  return {
    ...toSummary(row),
    config: JSON.parse(row.config) as ModelConfig,
    allMetrics: row.metrics === null ? null : (JSON.parse(row.metrics) as ModelDetail['allMetrics']),
    report: row.report === null ? null : (JSON.parse(row.report) as TrainingReport),
    phases: JSON.parse(row.phases) as PhaseTimes,
    blobBytes: blobBytes ?? 0,
  };
}

export function getSummary(db: Db, id: string): ModelSummary {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM models WHERE id = ?`).get(id) as ModelRow | undefined;
  if (!row) throw new BarwiseError('MODEL_NOT_FOUND', `no model with id ${id}`);
  return toSummary(row);
}

/** The model trained by job `jobId`, if any. */
export function modelOfJob(db: Db, jobId: string): ModelSummary | undefined {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM models WHERE job_id = ?`).get(jobId) as ModelRow | undefined;
  return row && toSummary(row);
}

/**
 * The model a training of this fingerprint would give back: the newest completed one, else the
 * newest on its way. Failed and cancelled models do not count: training again makes a new one.
 */
export function findByFingerprint(db: Db, fingerprint: string): ModelSummary | undefined {
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM models WHERE fingerprint = ? AND status NOT IN ('failed', 'cancelled')
       ORDER BY status = 'completed' DESC, created_at DESC, id DESC LIMIT 1`,
    )
    .get(fingerprint) as ModelRow | undefined;
  return row && toSummary(row);
}

export interface ModelFilter {
  readonly status?: ModelStatus;
  readonly algorithm?: AlgorithmKind;
  readonly datasetId?: string;
  readonly fingerprint?: string;
  readonly search?: string;
  readonly sort: 'createdAt' | 'name' | 'status' | 'algorithm' | KeyMetric;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly offset: number;
}

/** Sort keys → SQL. Metrics come from the test set's JSON; a model without one sorts last either way. */
const SORT_SQL: Readonly<Record<ModelFilter['sort'], string>> = {
  createdAt: 'created_at',
  name: 'name COLLATE NOCASE',
  status: 'status',
  algorithm: 'algorithm',
  accuracy: "json_extract(metrics, '$.test.accuracy')",
  f1: "json_extract(metrics, '$.test.f1')",
  rocAuc: "json_extract(metrics, '$.test.rocAuc')",
  logLoss: "json_extract(metrics, '$.test.logLoss')",
  r2: "json_extract(metrics, '$.test.r2')",
  mae: "json_extract(metrics, '$.test.mae')",
  directionalAccuracy: "json_extract(metrics, '$.test.directionalAccuracy')",
};

export function listModels(db: Db, filter: ModelFilter): { models: ModelSummary[]; total: number } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.status) {
    where.push('status = @status');
    params.status = filter.status;
  }
  if (filter.algorithm) {
    where.push('algorithm = @algorithm');
    params.algorithm = filter.algorithm;
  }
  if (filter.datasetId) {
    where.push('dataset_id = @datasetId');
    params.datasetId = filter.datasetId;
  }
  if (filter.fingerprint) {
    where.push('fingerprint = @fingerprint');
    params.fingerprint = filter.fingerprint;
  }
  if (filter.search?.trim()) {
    where.push("name LIKE @search ESCAPE '\\'");
    params.search = `%${filter.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const key = SORT_SQL[filter.sort];
  const direction = filter.order === 'asc' ? 'ASC' : 'DESC';
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM models ${clause}
       ORDER BY ${key} IS NULL, ${key} ${direction}, created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: filter.limit, offset: filter.offset }) as ModelRow[];
  const total = db.prepare(`SELECT count(*) FROM models ${clause}`).pluck().get(params) as number;
  return { models: rows.map(toSummary), total };
}

/** Importance per column, most important first by `by` (ties by name). */
export function loadImportance(db: Db, id: string, by: 'gain' | 'permutation' = 'gain'): FeatureImportance[] {
  requireRow(db, id);
  const order = by === 'gain' ? 'gain DESC, feature' : 'permutation DESC, feature';
  return db.prepare(`SELECT feature, gain, permutation FROM model_features WHERE model_id = ? ORDER BY ${order}`).all(id) as FeatureImportance[];
}

/** The serialized model (`ml.predict` takes it back); MODEL_NOT_FOUND before it is completed. */
export function loadBlob(db: Db, id: string): Uint8Array {
  const blob = db.prepare('SELECT blob FROM model_blobs WHERE model_id = ?').pluck().get(id) as Buffer | undefined;
  if (!blob) throw new BarwiseError('MODEL_NOT_FOUND', `model ${id} has no trained model (it is not completed)`);
  return new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);
}

/** The tree of models from the oldest ancestor of `id` still present, children oldest first. */
export function loadLineage(db: Db, id: string): Lineage {
  requireRow(db, id);
  const rootId = db
    .prepare(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM models WHERE id = ?
         UNION ALL SELECT m.id, m.parent_id, up.depth + 1 FROM models m JOIN up ON m.id = up.parent_id
       ) SELECT id FROM up ORDER BY depth DESC LIMIT 1`,
    )
    .pluck()
    .get(id) as string;
  const rows = db
    .prepare(
      `WITH RECURSIVE down(id) AS (
         SELECT ? UNION SELECT m.id FROM models m JOIN down ON m.parent_id = down.id
       ) SELECT ${SUMMARY_COLUMNS} FROM models WHERE id IN (SELECT id FROM down) ORDER BY created_at, id`,
    )
    .all(rootId) as ModelRow[];
  const nodes = new Map<string, { model: ModelSummary; children: LineageNode[] }>();
  for (const row of rows) nodes.set(row.id, { model: toSummary(row), children: [] });
  for (const row of rows) if (row.id !== rootId && row.parent_id !== null) nodes.get(row.parent_id)?.children.push(nodes.get(row.id)!);
  const root = nodes.get(rootId)!;
  const parent = root.model.parent;
  return { root, deletedAncestor: parent && parent.id === null ? parent : null };
}

/** Deletes a model; its blob and importance rows go with it, and its children keep its name and fingerprint. */
export function deleteModel(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM models WHERE id = ?').run(id).changes > 0;
}

export function deleteAllModels(db: Db): number {
  return db.prepare('DELETE FROM models').run().changes;
}

/** Models whose training has not finished, with their jobs (to cancel before deleting them). */
export function unfinishedModels(db: Db, id?: string): { id: string; jobId: string | null }[] {
  const rows = db
    .prepare(
      `SELECT id, job_id FROM models WHERE status NOT IN ('completed', 'failed', 'cancelled') ${id === undefined ? '' : 'AND id = @id'}`,
    )
    .all(id === undefined ? {} : { id }) as { id: string; job_id: string | null }[];
  return rows.map((r) => ({ id: r.id, jobId: r.job_id }));
}
