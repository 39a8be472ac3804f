import { expose, type Endpoint } from 'comlink';
import type { ApiSpecShape } from '../../src-shared/api/define';
import type { ErrorCode } from '../../src-shared/errors';
import { transportEndpoint, type Transport } from '../../src-shared/rpc/transport';
import { CLIENT_MESSAGE_TYPES, clientMessageSchema } from '../../src-shared/rpc/wire';
import type { EventHub } from '../events';
import { describeZodError } from './implement';

type ListenerArg = Parameters<Endpoint['addEventListener']>[1];
type Listener = (event: { data: unknown }) => void;

/** comlink's own "throw" answer, so the caller's promise rejects with `{ code, message }`. */
const errorAnswer = (id: string, code: ErrorCode, message: string) => ({
  id,
  type: 'HANDLER',
  name: 'throw',
  value: { isError: true, value: { name: 'BarwiseError', code, message } },
});

/**
 * Stands between the front end and comlink's expose(). expose() answers GET/SET/CONSTRUCT on any
 * property path of the exposed object (which would let a page walk to `constructor` and beyond)
 * and decodes arguments without guarding against malformed ones. Only a well-formed APPLY of a
 * declared `feature.method` with plain arguments, or a RELEASE, passes; anything else gets an
 * error answer (when it carries an id to answer to) without reaching comlink.
 */
export function guardEndpoint(inner: Endpoint, spec: ApiSpecShape): Endpoint {
  const allowed = new Set(
    Object.entries(spec).flatMap(([feature, methods]) => Object.keys(methods).map((m) => `${feature}.${m}`)),
  );
  const wrapped = new Map<ListenerArg, ListenerArg>();
  const answer = (message: unknown) => {
    try {
      inner.postMessage(message);
    } catch {
      // The front end is gone; there is nobody left to answer.
    }
  };
  const refuse = (data: unknown, code: ErrorCode, message: string) => {
    const id = (data as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id.length > 0 && id.length <= 128) answer(errorAnswer(id, code, message));
  };
  return {
    postMessage: (message) => answer(message),
    addEventListener(type, listener) {
      const guarded = ((event: { data: unknown }) => {
        const data = event.data;
        const kind = (data as { type?: unknown } | null)?.type;
        if (typeof kind !== 'string' || !CLIENT_MESSAGE_TYPES.has(kind)) {
          return refuse(data, 'UNKNOWN_METHOD', `Not an API method: ${typeof kind === 'string' ? kind.slice(0, 40) : 'no message type'}`);
        }
        const parsed = clientMessageSchema.safeParse(data);
        if (!parsed.success) return refuse(data, 'VALIDATION_FAILED', `Malformed ${kind} message: ${describeZodError(parsed.error)}`);
        const message = parsed.data;
        if (message.type === 'APPLY' && !allowed.has(message.path.join('.'))) {
          return refuse(message, 'UNKNOWN_METHOD', `Not an API method: ${message.path.join('.')}`);
        }
        (listener as unknown as Listener)({ data: message });
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
