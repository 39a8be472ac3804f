import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { systemSpec } from '../../src-shared/api/system';
import { connect } from '../../src-shared/rpc/connect';
import type { Transport } from '../../src-shared/rpc/transport';
import { serveApi } from '../api/serve';
import { implement } from '../api/implement';
import { createEventHub } from '../events';
import { messagePortMainTransport, type MessagePortMainLike } from './port-transport';

/**
 * Electron's binary is not available on every machine that runs these tests, so this is a
 * faithful stand-in for MessagePortMain's contract (outside our code): an EventEmitter whose
 * 'message' listeners get `{ data, ports }` after start(), delivered asynchronously; structured
 * clone of the data; and 'close' emitted on BOTH ends when either end closes.
 */
class FakePortMain extends EventEmitter implements MessagePortMainLike {
  other?: FakePortMain;
  private started = false;
  private queue: unknown[] = [];
  private isClosed = false;
  postMessage(message: unknown) {
    if (this.isClosed) return;
    const copy = structuredClone(message);
    setImmediate(() => this.other?.receive(copy));
  }
  receive(data: unknown) {
    if (this.isClosed) return;
    if (!this.started) this.queue.push(data);
    else this.emit('message', { data, ports: [] });
  }
  start() {
    this.started = true;
    for (const data of this.queue.splice(0)) this.emit('message', { data, ports: [] });
  }
  close() {
    if (this.isClosed) return;
    this.isClosed = true;
    setImmediate(() => {
      this.emit('close');
      this.other?.close();
    });
  }
}

function channel(): [FakePortMain, FakePortMain] {
  const a = new FakePortMain();
  const b = new FakePortMain();
  a.other = b;
  b.other = a;
  return [a, b];
}

/** The renderer's end, as src-renderer/api/connection.ts builds it over a DOM MessagePort. */
function rendererTransport(port: FakePortMain): Transport {
  port.start();
  return {
    send: (m) => port.postMessage(m),
    onMessage(listener) {
      const on = (e: { data: unknown }) => listener(e.data);
      port.on('message', on);
      return () => port.off('message', on);
    },
    onClose: (l) => void port.on('close', l),
    close: () => port.close(),
  };
}

/** Only the system feature: enough to exercise the transport, independent of later features. */
const spec = { system: systemSpec };

function serve(impl: Parameters<typeof implement<typeof spec>>[1]) {
  const [mainEnd, rendererEnd] = channel();
  const events = createEventHub();
  serveApi(messagePortMainTransport(mainEnd), implement(spec, impl), spec, events);
  return { connection: connect(rendererTransport(rendererEnd)), events, mainEnd };
}

const info = {
  version: '1',
  dataDir: '/d',
  databaseFile: '/d/b',
  schemaVersion: 10,
  sqliteVersion: '3',
  workerCount: 2,
  nodeVersion: '20',
  platform: 'x',
};

describe('MessagePortMain transport', () => {
  it('carries API calls, typed results and pushed events', async () => {
    const { connection, events } = serve({
      system: { info: () => info, pingWorker: () => ({ threadId: 7, engineVersion: '0.1.0', roundTripMs: 1 }) },
    });
    await expect(connection.client.system.info({})).resolves.toEqual(info);
    const received = new Promise((resolve) => connection.onEvent(resolve));
    events.emit({ topic: 'job', id: 'j1', status: 'running' });
    await expect(received).resolves.toEqual({ topic: 'job', id: 'j1', status: 'running' });
  });

  it('returns validation failures as { code, message }', async () => {
    const { connection } = serve({
      system: { info: () => info, pingWorker: () => ({ threadId: 1, engineVersion: '0', roundTripMs: 0 }) },
    });
    await expect(connection.client.system.info({ extra: true } as never)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('rejects a call pending when the port closes, instead of hanging', async () => {
    const { connection, mainEnd } = serve({
      system: { info: () => info, pingWorker: () => new Promise(() => {}) },
    });
    const pending = connection.client.system.pingWorker({});
    await new Promise((r) => setTimeout(r, 10));
    mainEnd.close();
    await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    await expect(connection.client.system.info({})).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
  });

  it('refuses anything but a call to a declared API method', async () => {
    const [mainEnd, rendererEnd] = channel();
    serveApi(
      messagePortMainTransport(mainEnd),
      implement(spec, { system: { info: () => info, pingWorker: () => ({ threadId: 1, engineVersion: '0', roundTripMs: 0 }) } }),
      spec,
      createEventHub(),
    );
    const transport = rendererTransport(rendererEnd);
    const answer = new Promise((resolve) => transport.onMessage(resolve));
    // A raw comlink GET walking to the constructor: must be answered with an error, not a value.
    transport.send({ id: 'x1', type: 'GET', path: ['system', 'info', 'constructor', 'name'] });
    await expect(answer).resolves.toMatchObject({ id: 'x1', name: 'throw', value: { value: { code: 'UNKNOWN_METHOD' } } });
  });
});
