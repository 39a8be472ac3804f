import { basename } from 'node:path';
import type { ImportOptions, ImportOutcome } from '../../src-shared/api/datasets';
import { importOptionsSchema } from '../../src-shared/api/datasets';
import type { Bars } from '../../src-shared/bars/bars';
import { BarwiseError } from '../../src-shared/errors';
import type { EventHub } from '../events';
import type { JobService } from '../jobs/service';
import type { Db } from '../store/db';
import { newId } from '../store/ids';
import { DatasetCache, type DatasetCacheOptions } from './cache';
import { importFile, type ImportProgress } from './import';
import { ImportJobs } from './import-job';
import { removeDataset } from './repository';
import { SAMPLE_NAME, SAMPLE_SYMBOL, samplePath } from './sample';
import { Uploads } from './uploads';

export interface DataServiceDeps {
  readonly db: Db;
  readonly dataDir: string;
  readonly events?: EventHub;
  readonly cache?: DatasetCacheOptions;
  /** With a job service (the app), every import is a job; without (unit tests, benchmarks), imports run directly. */
  readonly jobs?: JobService;
}

export interface RunImport {
  readonly path: string;
  readonly options: ImportOptions;
  readonly importId?: string;
  readonly sourceName?: string;
  readonly synthetic?: boolean;
  /** Called besides the progress events on the hub (the CLI draws its line from it). */
  readonly onProgress?: (progress: ImportProgress) => void;
}

/**
 * Main's market-data service: imports (cancellable, with progress events), uploads, the
 * SharedArrayBuffer dataset cache. One per Barwise instance.
 */
export class DataService {
  readonly db: Db;
  readonly cache: DatasetCache;
  readonly uploads: Uploads;
  private readonly running = new Map<string, AbortController>();
  private readonly events?: EventHub;
  private readonly importJobs?: ImportJobs;

  constructor(deps: DataServiceDeps) {
    this.db = deps.db;
    this.events = deps.events;
    this.cache = new DatasetCache(deps.db, deps.cache);
    this.uploads = new Uploads(deps.dataDir);
    this.importJobs = deps.jobs ? new ImportJobs(deps.jobs, deps.events) : undefined;
  }

  async runImport(request: RunImport): Promise<ImportOutcome> {
    const importId = request.importId ?? newId();
    if (this.importJobs) {
      const { path, options, sourceName, synthetic } = request;
      return this.importJobs.run({ path, options, importId, sourceName: sourceName ?? basename(path), synthetic }, request.onProgress);
    }
    if (this.running.has(importId)) throw new BarwiseError('VALIDATION_FAILED', `import ${importId} is already running`);
    const controller = new AbortController();
    this.running.set(importId, controller);
    try {
      return await importFile(this.db, {
        path: request.path,
        options: request.options,
        importId,
        sourceName: request.sourceName,
        synthetic: request.synthetic,
        signal: controller.signal,
        onProgress: (p) => {
          this.events?.emit({ topic: 'progress', id: importId, fraction: p.fraction, message: p.message });
          request.onProgress?.(p);
        },
      });
    } finally {
      this.running.delete(importId);
    }
  }

  /** Cancels a running import, or drops an unfinished upload. */
  cancel(id: string): boolean {
    if (this.importJobs?.cancel(id)) return true;
    const controller = this.running.get(id);
    if (controller) {
      controller.abort();
      return true;
    }
    if (this.uploads.has(id)) {
      this.uploads.discard(id);
      return true;
    }
    return false;
  }

  async finishUpload(uploadId: string): Promise<ImportOutcome> {
    const upload = this.uploads.finish(uploadId);
    try {
      return await this.runImport({ path: upload.path, options: upload.options, importId: uploadId, sourceName: upload.fileName });
    } finally {
      this.uploads.discard(uploadId);
    }
  }

  loadSample(onProgress?: (p: ImportProgress) => void): Promise<ImportOutcome> {
    return this.runImport({
      path: samplePath(),
      options: importOptionsSchema.parse({ symbol: SAMPLE_SYMBOL, name: SAMPLE_NAME }),
      synthetic: true,
      onProgress,
    });
  }

  getSharedBars(datasetId: string, timeframe?: string): Bars {
    return this.cache.getSharedBars(datasetId, timeframe);
  }

  remove(datasetId: string): void {
    removeDataset(this.db, datasetId);
    this.cache.evict(datasetId);
  }

  close(): void {
    for (const id of this.importJobs?.runningIds ?? []) this.importJobs?.cancel(id);
    for (const controller of this.running.values()) controller.abort();
    this.uploads.discardAll();
  }
}
