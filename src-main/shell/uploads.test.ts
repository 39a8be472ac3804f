import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connect, type Connection } from '../../src-shared/rpc/connect';
import { UPLOAD_CHUNK_BYTES } from '../../src-shared/rpc/limits';
import { socketTransport, type SocketLike } from '../../src-shared/rpc/socket-transport';
import type { Shell, ShellOptions } from './server';
import { startTestShell } from './test-support/in-process-shell';

/** Upload limits as a browser sees them: over real WebSockets, one connection per tab. */
let shell: Shell | undefined;

async function start(uploads: ShellOptions['uploads'] = {}) {
  const started = await startTestShell({ uploads });
  shell = started.shell;
  return { shell, uploadDir: join(started.barwise.dataDir, 'uploads') };
}

async function tab(): Promise<Connection & { ws: WebSocket }> {
  const { origin, token } = shell!;
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${token}`, { headers: { Origin: origin } });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
  return Object.assign(connect(socketTransport(ws as unknown as SocketLike)), { ws });
}

const begin = (c: Connection, size = 100) => c.client.datasets.uploadBegin({ fileName: 'x.csv', size, options: {} });

async function until(check: () => boolean, timeoutMs = 2_000) {
  const end = Date.now() + timeoutMs;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
}

describe('shell uploads', () => {
  it('bounds uploads per connection and in total', async () => {
    await start({ perOwner: 2, total: 3 });
    const a = await tab();
    const b = await tab();
    await begin(a);
    await begin(a);
    await expect(begin(a)).rejects.toMatchObject({ code: 'TOO_MANY_UPLOADS', message: expect.stringMatching(/on this connection \(at most 2\)/) });
    await begin(b);
    await expect(begin(b)).rejects.toMatchObject({ code: 'TOO_MANY_UPLOADS', message: expect.stringMatching(/at most 3 at once/) });
  });

  it('refuses an announced size over the limit or the free disk space', async () => {
    await start({ maxBytes: 10_000_000 });
    const a = await tab();
    await expect(begin(a, 10_000_001)).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    await start({ maxBytes: Number.MAX_SAFE_INTEGER });
    await expect(begin(await tab(), 1e15)).rejects.toMatchObject({ code: 'NOT_ENOUGH_DISK_SPACE' });
  });

  it('takes a full-size chunk through the socket, refuses a bigger one, and never more than announced', async () => {
    const { uploadDir } = await start();
    const a = await tab();
    const { uploadId } = await begin(a, UPLOAD_CHUNK_BYTES + 1);
    // The largest chunk a client sends must fit the socket's message limit.
    await expect(a.client.datasets.uploadChunk({ uploadId, bytes: new Uint8Array(UPLOAD_CHUNK_BYTES) })).resolves.toEqual({ received: UPLOAD_CHUNK_BYTES });
    await expect(a.client.datasets.uploadChunk({ uploadId, bytes: new Uint8Array(2) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/more bytes than the announced/) });
    expect(readdirSync(uploadDir)).toEqual([]);
    const second = await begin(a, 2 * UPLOAD_CHUNK_BYTES);
    await expect(a.client.datasets.uploadChunk({ uploadId: second.uploadId, bytes: new Uint8Array(UPLOAD_CHUNK_BYTES + 1) })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/bytes: a chunk holds at most 1048576 bytes/),
    });
  });

  it("deletes a connection's partial uploads as soon as it closes, and frees their slots", async () => {
    const { uploadDir } = await start({ perOwner: 1, total: 1 });
    const a = await tab();
    const { uploadId } = await begin(a);
    await a.client.datasets.uploadChunk({ uploadId, bytes: new Uint8Array(40) });
    expect(readdirSync(uploadDir)).toHaveLength(1);
    a.ws.terminate();
    expect(await until(() => readdirSync(uploadDir).length === 0)).toBe(true);
    await expect(begin(await tab())).resolves.toMatchObject({ uploadId: expect.any(String) });
  });

  it("keeps one connection's upload from another", async () => {
    await start();
    const a = await tab();
    const b = await tab();
    const { uploadId } = await begin(a, 4);
    await expect(b.client.datasets.uploadChunk({ uploadId, bytes: new Uint8Array(1) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(b.client.datasets.uploadFinish({ uploadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(b.client.datasets.preview({ uploadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(b.client.datasets.cancelImport({ importId: uploadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(a.client.datasets.uploadChunk({ uploadId, bytes: new Uint8Array(1) })).resolves.toEqual({ received: 1 });
  });
});
