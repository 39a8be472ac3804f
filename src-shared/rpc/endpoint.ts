import type { Endpoint } from 'comlink';
import type { ErrorCode } from '../errors';

/** comlink's request message types; a message of one of these with an `id` awaits a response. */
const REQUEST_TYPES = new Set(['GET', 'SET', 'APPLY', 'CONSTRUCT', 'ENDPOINT', 'RELEASE']);

type ListenerArg = Parameters<Endpoint['addEventListener']>[1];
type Transfer = Parameters<Endpoint['postMessage']>[1];
/** The part of a MessageEvent that comlink reads. */
interface Delivered {
  readonly data: unknown;
}
type Listener = (event: Delivered) => void;

export interface ClosableEndpoint extends Endpoint {
  /** Rejects every call still waiting for an answer, and every later call, with `code`. */
  close(code: ErrorCode, message: string): void;
  readonly closed: boolean;
  /** Requests sent and not yet answered (for tests and metrics). */
  readonly pending: number;
}

/**
 * comlink leaves a call pending forever when the other side goes away (a closed MessagePort, a
 * dropped WebSocket, a dead worker). This wrapper remembers each outgoing request id and, on
 * close, answers every one of them with comlink's own "throw" wire message, so the awaiting
 * promise rejects with `{ code, message }` instead of hanging.
 */
export function closableEndpoint(inner: Endpoint): ClosableEndpoint {
  const listeners = new Set<ListenerArg>();
  const pendingIds = new Set<string>();
  let closedWith: { code: ErrorCode; message: string } | undefined;

  const deliver = (event: Delivered) => {
    for (const listener of listeners) {
      if (typeof listener === 'function') (listener as unknown as Listener)(event);
      else (listener as unknown as { handleEvent: Listener }).handleEvent(event);
    }
  };
  const onInner: Listener = (event) => {
    const data = event.data as { id?: unknown } | null;
    if (data && typeof data.id === 'string') pendingIds.delete(data.id);
    deliver(event);
  };
  inner.addEventListener('message', onInner as unknown as ListenerArg);

  const rejectAnswer = (id: string) =>
    ({
      data: {
        id,
        type: 'HANDLER',
        name: 'throw',
        value: {
          isError: true,
          value: { name: 'BarwiseError', code: closedWith?.code, message: closedWith?.message },
        },
      },
    }) satisfies Delivered;

  return {
    postMessage(message: unknown, transfer?: Transfer) {
      const msg = message as { id?: unknown; type?: unknown } | null;
      const id = msg && typeof msg.id === 'string' && REQUEST_TYPES.has(String(msg.type)) ? msg.id : undefined;
      if (closedWith) {
        if (id) queueMicrotask(() => deliver(rejectAnswer(id)));
        return;
      }
      if (id) pendingIds.add(id);
      try {
        inner.postMessage(message, transfer ?? []);
      } catch (error) {
        if (id) {
          pendingIds.delete(id);
          queueMicrotask(() =>
            deliver({
              data: {
                id,
                type: 'HANDLER',
                name: 'throw',
                value: {
                  isError: true,
                  value: { name: 'BarwiseError', code: 'CONNECTION_CLOSED', message: String(error) },
                },
              },
            } satisfies Delivered),
          );
        }
      }
    },
    addEventListener(_type: string, listener: ListenerArg) {
      listeners.add(listener);
    },
    removeEventListener(_type: string, listener: ListenerArg) {
      listeners.delete(listener);
    },
    start() {
      inner.start?.();
    },
    close(code, message) {
      if (closedWith) return;
      closedWith = { code, message };
      inner.removeEventListener('message', onInner as unknown as ListenerArg);
      const ids = [...pendingIds];
      pendingIds.clear();
      for (const id of ids) deliver(rejectAnswer(id));
    },
    get closed() {
      return closedWith !== undefined;
    },
    get pending() {
      return pendingIds.size;
    },
  };
}
