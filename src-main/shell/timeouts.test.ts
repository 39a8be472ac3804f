import { connect as tcpConnect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestShell } from './test-support/in-process-shell';
import { rawWebSocket } from './test-support/raw-socket';
import type { ShellTimeouts } from './server';

const start = (timeouts: Partial<ShellTimeouts>) => startTestShell({ timeouts });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('shell timeouts', () => {
  it('closes a connection that trickles its headers (slowloris)', async () => {
    const { port, host } = await start({ headersMs: 500, requestMs: 1_000 });
    const socket = tcpConnect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString()));
    socket.on('error', () => undefined);
    const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
    const started = Date.now();
    socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\n`);
    // One header byte every 100 ms: never idle, never done.
    const trickle = setInterval(() => socket.writable && socket.write('X'), 100);
    const end = await Promise.race([closed, sleep(5_000).then(() => undefined)]);
    clearInterval(trickle);
    socket.destroy();
    expect(end, 'the server kept the slow request open').toBeDefined();
    expect(end! - started).toBeLessThan(3_000);
    expect(response).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a WebSocket that stops answering pings, and keeps one that answers', async () => {
    const { shell: s, port, host } = await start({ heartbeatMs: 200 });
    // The hand-built socket never answers a ping; the `ws` client answers by itself, as browsers do.
    const silent = await rawWebSocket(port, { Host: host, Origin: s.origin }, `/api?token=${s.token}`);
    const answering = await new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${s.origin.replace('http', 'ws')}/api?token=${s.token}`, { headers: { Origin: s.origin } });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
    const silentClosed = await Promise.race([silent.closed.then(() => true), sleep(2_000).then(() => false)]);
    expect(silentClosed).toBe(true);
    expect(answering.readyState).toBe(WebSocket.OPEN);
    answering.close();
  });

  it('refuses timeouts that are not positive, or headers allowed longer than the request', async () => {
    await expect(start({ heartbeatMs: 0 })).rejects.toThrow(/heartbeatMs must be a positive integer/);
    await expect(start({ headersMs: 2_000, requestMs: 1_000 })).rejects.toThrow(/headersMs must not exceed requestMs/);
  });
});
