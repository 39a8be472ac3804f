import type { ImportOptions, ImportOutcome } from '../../src-shared/api/datasets';
import { BarwiseError } from '../../src-shared/errors';
import type { EventHub } from '../events';
import type { JobDefinition, JobService } from '../jobs/service';
import { readFile, storeImport, type ImportProgress, type ReadResult } from './import';

export interface ImportJobParams {
  readonly path: string;
  readonly options: ImportOptions;
  /** The id front ends know the import by (an upload's id); progress events carry it too. */
  readonly importId: string;
  readonly sourceName?: string;
  readonly synthetic?: boolean;
}

/**
 * Imports as jobs, like every long operation: a job row with progress, cancel and INTERRUPTED on a
 * crash. The file is read and checked in main (workers have no file access); the dataset is stored
 * in the transaction that marks the job completed.
 */
export class ImportJobs {
  /** Outcomes written by `persist`, handed to the waiting caller (same process, same tick). */
  private readonly outcomes = new Map<string, ImportOutcome>();
  private readonly progressListeners = new Map<string, (p: ImportProgress) => void>();
  private readonly jobIds = new Map<string, string>();

  constructor(
    private readonly jobs: JobService,
    private readonly events?: EventHub,
  ) {
    jobs.register(this.definition());
  }

  async run(params: ImportJobParams, onProgress?: (p: ImportProgress) => void): Promise<ImportOutcome> {
    if (this.jobIds.has(params.importId)) throw new BarwiseError('VALIDATION_FAILED', `import ${params.importId} is already running`);
    if (onProgress) this.progressListeners.set(params.importId, onProgress);
    try {
      const job = this.jobs.submit('import', params);
      this.jobIds.set(params.importId, job.id);
      const done = await this.jobs.wait(job.id);
      const outcome = this.outcomes.get(job.id);
      this.outcomes.delete(job.id);
      if (done.status === 'completed' && outcome) return outcome;
      const error = done.error ?? { code: 'CANCELLED' as const, message: `Import ${done.status}` };
      throw new BarwiseError(error.code, error.message);
    } finally {
      this.progressListeners.delete(params.importId);
      this.jobIds.delete(params.importId);
    }
  }

  /** Cancels by the import's id; false if no such import is running. */
  cancel(importId: string): boolean {
    const jobId = this.jobIds.get(importId);
    if (!jobId) return false;
    void this.jobs.cancel(jobId);
    return true;
  }

  get runningIds(): string[] {
    return [...this.jobIds.keys()];
  }

  private definition(): JobDefinition<ImportJobParams, ReadResult> {
    return {
      kind: 'import',
      run: async (ctx) => {
        ctx.running();
        const { importId } = ctx.params;
        const read = await readFile({
          ...ctx.params,
          signal: ctx.signal,
          onProgress: (p) => {
            ctx.progress(p.fraction, p.message);
            this.events?.emit({ topic: 'progress', id: importId, fraction: p.fraction, message: p.message });
            this.progressListeners.get(importId)?.(p);
          },
        });
        read.checkCancel();
        return read;
      },
      persist: (db, read, job) => {
        const params = job.params as ImportJobParams;
        const outcome = storeImport(db, read, params);
        this.outcomes.set(job.id, outcome);
        read.finalProgress();
        return outcome.dataset.id;
      },
      summary: (_read, job) => {
        const outcome = this.outcomes.get(job.id);
        if (!outcome) return undefined;
        const { rowsRead, barsImported } = outcome.report;
        const n = (value: number) => value.toLocaleString('en-US');
        return outcome.status === 'already-imported' ? `${n(rowsRead)} rows · already imported` : `${n(rowsRead)} rows · ${n(barsImported)} bars`;
      },
    };
  }
}
