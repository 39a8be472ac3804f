import { expose, type Endpoint } from 'comlink';
import type { ApiSpecShape } from '../../src-shared/api/define';
import { transportEndpoint, type Transport } from '../../src-shared/rpc/transport';
import type { EventHub } from '../events';

type ListenerArg = Parameters<Endpoint['addEventListener']>[1];

/**
 * comlink's expose() answers GET/SET/CONSTRUCT on any property path of the exposed object, which
 * would let a page walk to `constructor` and beyond. Only APPLY of a declared `feature.method`
 * (and RELEASE) passes; anything else gets an error answer without reaching the API object.
 */
export function guardEndpoint(inner: Endpoint, spec: ApiSpecShape): Endpoint {
  const allowed = new Set(
    Object.entries(spec).flatMap(([feature, methods]) => Object.keys(methods).map((m) => `${feature}.${m}`)),
  );
  const wrapped = new Map<ListenerArg, ListenerArg>();
  return {
    postMessage: (message, transfer) => inner.postMessage(message, transfer),
    addEventListener(type, listener) {
      const guarded = ((event: { data: unknown }) => {
        const msg = event.data as { id?: unknown; type?: unknown; path?: unknown } | null;
        const path = Array.isArray(msg?.path) ? msg.path.join('.') : '';
        const permitted = msg?.type === 'RELEASE' || (msg?.type === 'APPLY' && allowed.has(path));
        if (permitted) {
          (listener as unknown as (e: { data: unknown }) => void)(event);
        } else if (typeof msg?.id === 'string') {
          inner.postMessage({
            id: msg.id,
            type: 'HANDLER',
            name: 'throw',
            value: {
              isError: true,
              value: { name: 'BarwiseError', code: 'UNKNOWN_METHOD', message: `Not an API method: ${path || String(msg?.type)}` },
            },
          });
        }
      }) as unknown as ListenerArg;
      wrapped.set(listener, guarded);
      inner.addEventListener(type, guarded);
    },
    removeEventListener(type, listener) {
      const guarded = wrapped.get(listener);
      if (guarded) inner.removeEventListener(type, guarded);
      wrapped.delete(listener);
    },
  };
}

/** Serves the API and main's events to one front end over one transport, until it closes. */
export function serveApi(transport: Transport, api: object, spec: ApiSpecShape, events: EventHub): void {
  expose(api, guardEndpoint(transportEndpoint(transport), spec));
  const unsubscribe = events.subscribe((event) => {
    try {
      transport.send({ $event: event });
    } catch {
      // The transport is closing; its close handler unsubscribes.
    }
  });
  transport.onClose(unsubscribe);
}
