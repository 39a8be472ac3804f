/**
 * Market data in main: what other modules use. (Everything else in this folder is internal.)
 * - `DataService` (one per Barwise, `barwise.data`): imports with progress and cancel, uploads,
 *   and `getSharedBars(datasetId, timeframe?)` / `cache.stats()` for workers and the Health page.
 * - `loadBars(db, datasetId, shared?)`: a stored dataset as columnar Bars, straight from SQLite.
 */
export { DataService } from './service';
export { DatasetCache } from './cache';
export { loadBars, getDataset, listDatasets } from './repository';
export { importFile, readFile } from './import';
