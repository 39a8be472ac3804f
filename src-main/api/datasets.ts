import type { datasetsSpec } from '../../src-shared/api/datasets';
import { chartSeries } from '../data/chart';
import { getDataset, listDatasets, renameDataset } from '../data/repository';
import { previewFile } from '../data/preview';
import type { DataService } from '../data/service';
import type { FeatureImpl } from './implement';

export function datasetsImpl(data: DataService): FeatureImpl<typeof datasetsSpec> {
  const { db } = data;
  return {
    list: () => listDatasets(db),
    get: ({ id }) => getDataset(db, id),
    rename: ({ id, name }) => renameDataset(db, id, name),
    remove: ({ id }) => {
      data.remove(id);
      return { removed: true as const };
    },
    chart: ({ id, timeframe, from, to, maxPoints }) => chartSeries(id, data.getSharedBars(id, timeframe), maxPoints, from, to),
    importFile: ({ path, options, importId }) => data.runImport({ path, options, importId }),
    uploadBegin: ({ fileName, size, options }) => ({ uploadId: data.uploads.begin(fileName, size, options) }),
    uploadChunk: ({ uploadId, bytes }) => ({ received: data.uploads.chunk(uploadId, bytes) }),
    uploadFinish: ({ uploadId }) => data.finishUpload(uploadId),
    preview: ({ path, uploadId, options, rows }) => {
      const file = path !== undefined ? { path, fileName: path } : data.uploads.fileOf(uploadId!);
      return previewFile(file.path, options, rows, file.fileName);
    },
    cancelImport: ({ importId }) => ({ cancelled: data.cancel(importId) }),
    loadSample: () => data.loadSample(),
    cacheStats: () => data.cache.stats(),
  };
}
