import { releaseProxy, wrap, type Endpoint } from 'comlink';
import { describe, expect, it } from 'vitest';
import { decode, encode } from './codec';
import { MAX_MESSAGE_BYTES, UPLOAD_CHUNK_BYTES } from './limits';
import { clientMessageSchema } from './wire';

type Loose = Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;

/** What comlink's wrap() really puts on the wire, after the socket codec's round trip. */
function capture(use: (remote: Loose) => void): unknown[] {
  const sent: unknown[] = [];
  const endpoint: Endpoint = {
    postMessage: (message: unknown) => sent.push(decode(encode(message))),
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  };
  const remote = wrap(endpoint) as unknown as Loose;
  use(remote);
  return sent;
}

describe('client wire messages', () => {
  it("accepts every call and release comlink's client sends", () => {
    const sent = capture((remote) => {
      void remote.system!.info!({});
      void remote.datasets!.uploadChunk!({ uploadId: 'u', bytes: new Uint8Array([1, 2]) });
      void remote.datasets!.list!(undefined);
      void remote.datasets!.list!();
      (remote as unknown as { [releaseProxy]: () => void })[releaseProxy]();
    });
    expect(sent.map((m) => (m as { type: string }).type)).toEqual(['APPLY', 'APPLY', 'APPLY', 'APPLY', 'RELEASE']);
    for (const message of sent) expect(clientMessageSchema.safeParse(message).error).toBeUndefined();
  });

  it.each([
    ['an argumentList that is a string', { argumentList: 'abc' }],
    ['an argumentList holding null', { argumentList: [null] }],
    ['a HANDLER argument', { argumentList: [{ type: 'HANDLER', name: 'proxy', value: {} }] }],
    ['two arguments', { argumentList: [{ type: 'RAW', value: 1 }, { type: 'RAW', value: 2 }] }],
    ['a path of one name', { path: ['system'] }],
    ['a path walking further', { path: ['system', 'info', 'constructor'] }],
    ['an id that is not a string', { id: 7 }],
    ['an extra field', { value: { type: 'RAW', value: 1 } }],
  ])('refuses %s', (_name, change) => {
    const message = { id: 'a', type: 'APPLY', path: ['system', 'info'], argumentList: [{ type: 'RAW', value: {} }], ...change };
    expect(clientMessageSchema.safeParse(message).success).toBe(false);
  });

  it('fits the largest upload chunk, encoded, in one WebSocket message', () => {
    const [message] = capture((remote) => void remote.datasets!.uploadChunk!({ uploadId: 'x'.repeat(64), bytes: new Uint8Array(UPLOAD_CHUNK_BYTES).fill(255) }));
    const bytes = new TextEncoder().encode(encode(message)).length;
    expect(bytes).toBeGreaterThan(UPLOAD_CHUNK_BYTES * (4 / 3));
    expect(bytes).toBeLessThan(MAX_MESSAGE_BYTES);
  });
});
