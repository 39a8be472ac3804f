import type { Migration } from './migration';

/**
 * Models (docs/models.md). One row per model, from the moment its training job is queued: its
 * configuration (the parsed ModelConfig as JSON), its fingerprint (not unique: "retrain anyway"
 * makes a second model of the same configuration), its status and error, and once completed its
 * metrics and training report. The dataset is referenced as runs reference theirs: `dataset_id`
 * is set NULL when the dataset is deleted, and its name and content hash stay. A child records its
 * parent the same way (`parent_id` set NULL when the parent goes, name and fingerprint kept).
 * `job_id` names the training job without a foreign key, since finished jobs are cleared.
 *
 * The serialized model lives in `model_blobs` and feature importance in `model_features`, one row
 * per model and column; both go with their model (ON DELETE CASCADE), so listing models reads
 * neither.
 *
 * Runs that use a model (issue 26) are to reference it the same way: `runs.model_id REFERENCES
 * models(id) ON DELETE SET NULL` beside the model's name and fingerprint copied into the run, so a
 * run keeps its results when its model is deleted and says which model that was.
 */
export const m0100Models: Migration = {
  version: 100,
  name: 'models',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'preprocessing', 'training', 'evaluating', 'completed', 'failed', 'cancelled')),
        job_id TEXT,
        dataset_id TEXT REFERENCES datasets(id) ON DELETE SET NULL,
        dataset_name TEXT NOT NULL,
        dataset_hash TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        algorithm TEXT NOT NULL,
        target TEXT NOT NULL,
        feature_count INTEGER NOT NULL,
        config TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        trainer_version TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('trained', 'from-parent', 'retrained')),
        parent_id TEXT REFERENCES models(id) ON DELETE SET NULL,
        parent_name TEXT,
        parent_fingerprint TEXT,
        metrics TEXT,
        report TEXT,
        error_code TEXT,
        error_message TEXT,
        phases TEXT NOT NULL DEFAULT '{}',
        started_at INTEGER,
        finished_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX models_by_created ON models (created_at DESC);
      CREATE INDEX models_by_fingerprint ON models (fingerprint);
      CREATE INDEX models_by_dataset ON models (dataset_id);
      CREATE INDEX models_by_parent ON models (parent_id) WHERE parent_id IS NOT NULL;
      CREATE INDEX models_by_job ON models (job_id) WHERE job_id IS NOT NULL;

      CREATE TABLE model_blobs (
        model_id TEXT PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
        blob BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE model_features (
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        feature TEXT NOT NULL,
        -- 0 for the most important by gain.
        rank INTEGER NOT NULL,
        gain REAL NOT NULL,
        permutation REAL NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (model_id, feature)
      ) STRICT;
    `);
  },
};
