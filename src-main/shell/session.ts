import { datasetsSpec } from '../../src-shared/api/datasets';
import { datasetsImpl } from '../api/datasets';
import { implement } from '../api/implement';
import type { Barwise } from '../barwise';
import { newId } from '../store/ids';

export interface Session {
  /** The API as this connection sees it: the app's, with uploads owned by the connection. */
  readonly api: object;
  /** The connection closed: its unfinished uploads are dropped and their files deleted. */
  close(): void;
}

/**
 * One WebSocket connection's view of the API. Uploads are the only per-connection state: each
 * connection owns its own (counted against its limit, invisible to other connections) and loses
 * them when it goes away, so an abandoned tab or a dropped socket leaves no temp file behind.
 */
export function openSession(barwise: Barwise): Session {
  const owner = `connection-${newId()}`;
  const datasets = implement({ datasets: datasetsSpec }, { datasets: datasetsImpl(barwise.data, owner) }).datasets;
  return {
    api: Object.freeze({ ...barwise.api, datasets }),
    close: () => void barwise.data.uploads.release(owner),
  };
}
