import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { frame, rawRequest, rawWebSocket, statusOf, textFrame, type FrameOptions } from './test-support/raw-socket';
import { spawnShell, type ShellProcess } from './test-support/spawn-shell';

/**
 * Every input that once killed the shell with one request or one frame. The shell runs in its own
 * process, so a crash shows as a dead process rather than as an error inside the test runner.
 */
let shell: ShellProcess;
let cookie = '';
let host = '';

beforeAll(async () => {
  shell = await spawnShell();
  host = `127.0.0.1:${shell.port}`;
  const login = await fetch(`${shell.origin}/?token=${shell.token}`, { redirect: 'manual' });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}, 30_000);
afterAll(() => shell?.stop());

/** The shell is alive and serves an authenticated page and an API call. */
async function expectStillServing() {
  expect(shell.alive(), `the shell died:\n${shell.stderr()}`).toBe(true);
  const page = await fetch(`${shell.origin}/`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const ws = await openClient();
  expect(await call(ws, { id: 'after', type: 'APPLY', path: ['system', 'info'], argumentList: [{ type: 'RAW', value: {} }] })).toMatchObject({
    type: 'RAW',
    value: { ok: true },
  });
  ws.close();
}

function openClient(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${shell.origin.replace('http', 'ws')}/api?token=${shell.token}`, { headers: { Origin: shell.origin } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one raw comlink message and resolves with the answer carrying its id. */
function call(ws: WebSocket, message: { id: string } & Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer) => {
      const answer = JSON.parse(data.toString()) as { id?: string };
      if (answer.id !== message.id) return;
      ws.off('message', onMessage);
      resolve(answer);
    };
    ws.on('message', onMessage);
    ws.once('close', () => reject(new Error('socket closed before the answer')));
    ws.send(JSON.stringify(message));
  });
}

const crlf = (...lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

describe('shell crash inputs', () => {
  it.each([
    ['a malformed request target', () => crlf('GET http://[ HTTP/1.1', `Host: ${host}`, 'Connection: close'), 400],
    ['a malformed request target on an upgrade', () => crlf('GET http://[ HTTP/1.1', `Host: ${host}`, 'Connection: Upgrade', 'Upgrade: websocket'), 400],
    ['an absolute-form request target', () => crlf(`GET http://${host}/?token=${shell.token} HTTP/1.1`, `Host: ${host}`, 'Connection: close'), 400],
    ['a bad % escape, authenticated', () => crlf('GET /% HTTP/1.1', `Host: ${host}`, `Cookie: ${cookie}`, 'Connection: close'), 400],
    ['a truncated UTF-8 escape, authenticated', () => crlf('GET /%E0%A4%A HTTP/1.1', `Host: ${host}`, `Cookie: ${cookie}`, 'Connection: close'), 400],
    ['a foreign Host, with the token', () => crlf(`GET /?token=${shell.token} HTTP/1.1`, 'Host: evil.example', `Cookie: ${cookie}`, 'Connection: close'), 403],
    // The Origin check alone already stops a browser here; the Host check must stand on its own.
    ['a foreign Host on an upgrade, with the token and the own Origin', () => crlf(`GET /api?token=${shell.token} HTTP/1.1`, 'Host: evil.example', 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', `Origin: ${shell.origin}`), 403],
  ])('answers %s with a status, not a crash', async (_name, request, status) => {
    expect(statusOf(await rawRequest(shell.port, request()))).toBe(status);
    await expectStillServing();
  });

  const apply = (argumentList: unknown) => ({ id: 'bad', type: 'APPLY', path: ['system', 'info'], argumentList });
  it.each([
    ['an argumentList that is a string', apply('abc')],
    ['an argumentList holding null', apply([null])],
    ['an unknown HANDLER argument', apply([{ type: 'HANDLER', name: 'nope', value: 1 }])],
    ['a proxy HANDLER argument', apply([{ type: 'HANDLER', name: 'proxy', value: {} }])],
    ['a RELEASE carrying a bad argumentList', { id: 'bad', type: 'RELEASE', argumentList: [null] }],
    ['an APPLY without a path', { id: 'bad', type: 'APPLY', argumentList: [{ type: 'RAW', value: {} }] }],
  ])('answers %s with VALIDATION_FAILED and keeps the socket', async (_name, message) => {
    const ws = await openClient();
    expect(await call(ws, message)).toMatchObject({ id: 'bad', type: 'HANDLER', name: 'throw', value: { value: { code: 'VALIDATION_FAILED' } } });
    expect(await call(ws, { id: 'ok', type: 'APPLY', path: ['system', 'info'], argumentList: [{ type: 'RAW', value: {} }] })).toMatchObject({
      value: { ok: true },
    });
    ws.close();
    await expectStillServing();
  });

  const frames: [string, FrameOptions | Buffer][] = [
    ['a text frame of invalid UTF-8', textFrame(Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]))],
    ['an unknown opcode', { opcode: 0x3, payload: Buffer.from('x') }],
    ['a frame announcing more than the size limit', { opcode: 0x1, announcedLength: 2 ** 40 }],
    ['an unmasked client frame', { opcode: 0x1, payload: Buffer.from('{}'), masked: false }],
    ['reserved bits set without an extension', { opcode: 0x1, payload: Buffer.from('{}'), rsv: 4 }],
    ['a fragmented ping', { opcode: 0x9, fin: false }],
    ['a continuation with nothing to continue', { opcode: 0x0, payload: Buffer.from('x') }],
    ['a close frame with a reserved code', { opcode: 0x8, payload: Buffer.from([0x03, 0xec]) }],
  ];
  it.each(frames)('closes the socket on %s and stays up', async (_name, spec) => {
    const ws = await rawWebSocket(shell.port, { Host: host, Origin: shell.origin }, `/api?token=${shell.token}`);
    ws.send(Buffer.isBuffer(spec) ? spec : frame(spec));
    await ws.closed;
    await expectStillServing();
  });

  it('drops the answer to a call whose socket closed first', async () => {
    const ws = await openClient();
    ws.send(JSON.stringify({ id: 'gone', type: 'APPLY', path: ['datasets', 'loadSample'], argumentList: [{ type: 'RAW', value: {} }] }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    ws.terminate();
    // The sample import finishes after the socket is gone; its answer then has nowhere to go.
    const watcher = await openClient();
    for (let tries = 0; tries < 200; tries++) {
      const answer = (await call(watcher, { id: `list-${tries}`, type: 'APPLY', path: ['datasets', 'list'], argumentList: [{ type: 'RAW', value: {} }] })) as {
        value: { value: unknown[] };
      };
      if (answer.value.value.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    watcher.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectStillServing();
  });
});
