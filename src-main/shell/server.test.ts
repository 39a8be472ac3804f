import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connect } from '../../src-shared/rpc/connect';
import { socketTransport, type SocketLike } from '../../src-shared/rpc/socket-transport';
import { createBarwise, type Barwise } from '../barwise';
import { tempDir } from '../test-support/temp-dir';
import { rawRequest } from './test-support/raw-socket';
import { startShell, type Shell } from './server';

let barwise: Barwise | undefined;
let shell: Shell | undefined;
afterEach(async () => {
  await shell?.close();
  await barwise?.close();
  shell = undefined;
  barwise = undefined;
});

async function start() {
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Barwise</title>');
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
  barwise = createBarwise({ dataDir: join(dir, 'data'), threads: 1 });
  shell = await startShell({ barwise, rendererDir });
  return shell;
}

function openSocket(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { Origin: origin } });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))));
    ws.once('error', reject);
  });
}

describe('browser shell', () => {
  it('binds 127.0.0.1 and refuses every request without the token', async () => {
    const { origin, token, url } = await start();
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).toBe(`${origin}/?token=${token}`);
    expect(token.length).toBeGreaterThanOrEqual(32);
    for (const path of ['/', '/app.js', '/index.html', '/?token=wrong']) {
      expect((await fetch(origin + path)).status, path).toBe(401);
    }
  });

  it('trades the URL token for a strict HttpOnly cookie and then serves the app', async () => {
    const { url, origin } = await start();
    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(origin + '/', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Barwise</title>');
    const traversal = await fetch(origin + '/..%2f..%2fetc%2fpasswd', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect([403, 200]).toContain(traversal.status);
    expect(await traversal.text()).not.toContain('root:');
  });

  it('never redirects the token exchange off the shell', async () => {
    const { origin, token } = await start();
    const { host, port } = new URL(origin);
    // `/./` collapses, leaving a path that starts with `//`: a scheme-relative URL to a browser.
    const response = await rawRequest(Number(port), `GET /.//evil.example/?token=${token} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(response).toMatch(/^HTTP\/1\.1 303/);
    expect(/\r\nLocation: (\S+)/i.exec(response)?.[1]).toBe('/evil.example/');
  });

  it('serves the API over the WebSocket to its own origin only', async () => {
    const { origin, token } = await start();
    const wsUrl = `${origin.replace('http', 'ws')}/api?token=${token}`;
    await expect(openSocket(wsUrl, 'http://evil.example')).rejects.toThrow('403');
    await expect(openSocket(`${origin.replace('http', 'ws')}/api`, origin)).rejects.toThrow('401');

    const ws = await openSocket(wsUrl, origin);
    const connection = connect(socketTransport(ws as unknown as SocketLike));
    const info = await connection.client.system.info({});
    expect(info.dataDir).toBe(barwise?.dataDir);
    await expect(connection.client.system.info({ nope: 1 } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    const event = new Promise((resolve) => connection.onEvent(resolve));
    barwise?.events.emit({ topic: 'progress', id: 'x', fraction: 0.5, message: 'half' });
    await expect(event).resolves.toEqual({ topic: 'progress', id: 'x', fraction: 0.5, message: 'half' });
    connection.close();
  });

  it('rejects calls pending on a socket that drops, instead of hanging', async () => {
    const { origin, token } = await start();
    const ws = await openSocket(`${origin.replace('http', 'ws')}/api?token=${token}`, origin);
    const connection = connect(socketTransport(ws as unknown as SocketLike));
    const pending = connection.client.system.pingWorker({});
    ws.terminate();
    await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
  });
});
