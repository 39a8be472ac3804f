import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';

export interface WorkerEntry {
  readonly file: string;
  /** Merged into the Worker's workerData (the tsx bootstrap reads its target from it). */
  readonly workerData: Readonly<Record<string, unknown>>;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Where the compute worker's code is. Built (app, packaged, `npm run build`): `worker.js` beside
 * the main bundle. From the source tree (tests, `npm run cli`): the TypeScript entry, run through
 * a bootstrap that registers tsx inside the worker.
 */
export function resolveWorkerEntry(): WorkerEntry {
  // Packaged apps keep worker files outside the asar (electron-builder.yml: asarUnpack).
  const built = join(here, 'worker.js').replace(`app.asar${'/'}`, `app.asar.unpacked${'/'}`);
  if (!import.meta.url.endsWith('.ts') && existsSync(built)) return { file: built, workerData: {} };
  return {
    file: join(here, 'tsx-bootstrap.mjs'),
    workerData: { barwiseEntry: pathToFileURL(join(here, '..', '..', 'src-workers', 'worker.ts')).href },
  };
}

export function workerOptions(entry: WorkerEntry, extra: WorkerOptions = {}): WorkerOptions {
  const data = (extra.workerData ?? {}) as Record<string, unknown>;
  return { ...extra, workerData: { ...data, ...entry.workerData } };
}
