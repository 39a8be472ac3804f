import { statSync, type Stats } from 'node:fs';
import type { datasetsSpec } from '../../src-shared/api/datasets';
import { BarwiseError } from '../../src-shared/errors';
import { chartSeries } from '../data/chart';
import { getDataset, listDatasets, renameDataset } from '../data/repository';
import { previewFile } from '../data/preview';
import type { DataService } from '../data/service';
import { LOCAL_OWNER } from '../data/uploads';
import type { FeatureImpl } from './implement';

/** What is at a path, in words, when it is not a plain file. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'a special file';
}

/**
 * The path a person gave to import or preview, checked before any job or read starts: opening a
 * named pipe would wait for a writer forever, and a directory or device is never a CSV file.
 */
function requireRegularFile(path: string): string {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot be read (${code ?? (error as Error).message})`;
    throw new BarwiseError('CSV_UNREADABLE', `${path}: ${why}`);
  }
  if (!stats.isFile()) throw new BarwiseError('CSV_UNREADABLE', `${path} is ${kindOf(stats)}, not a regular file: give a CSV file`);
  return path;
}

/**
 * `owner` names who calls: one per browser-shell connection (so its uploads are counted, kept
 * from other connections and dropped when it closes), LOCAL_OWNER for in-process callers.
 */
export function datasetsImpl(data: DataService, owner: string = LOCAL_OWNER): FeatureImpl<typeof datasetsSpec> {
  const { db, uploads } = data;
  const own = (uploadId: string) => {
    if (uploads.belongsToAnother(uploadId, owner)) throw new BarwiseError('NOT_FOUND', `no upload with id ${uploadId}`);
    return uploadId;
  };
  return {
    list: () => listDatasets(db),
    get: ({ id }) => getDataset(db, id),
    rename: ({ id, name }) => renameDataset(db, id, name),
    remove: ({ id }) => {
      data.remove(id);
      return { removed: true as const };
    },
    chart: ({ id, timeframe, from, to, maxPoints }) => chartSeries(id, data.getSharedBars(id, timeframe), maxPoints, from, to),
    importFile: ({ path, options, importId }) => data.runImport({ path: requireRegularFile(path), options, importId }),
    uploadBegin: ({ fileName, size, options }) => ({ uploadId: uploads.begin(fileName, size, options, owner) }),
    uploadChunk: ({ uploadId, bytes }) => ({ received: uploads.chunk(uploadId, bytes, owner) }),
    uploadFinish: ({ uploadId }) => data.finishUpload(own(uploadId)),
    preview: ({ path, uploadId, options, rows }) => {
      const file = path !== undefined ? { path: requireRegularFile(path), fileName: path } : uploads.fileOf(uploadId!, owner);
      return previewFile(file.path, options, rows, file.fileName);
    },
    cancelImport: ({ importId }) => ({ cancelled: data.cancel(own(importId)) }),
    loadSample: () => data.loadSample(),
    cacheStats: () => data.cache.stats(),
  };
}
