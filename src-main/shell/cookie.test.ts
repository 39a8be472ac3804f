import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBarwise, type Barwise } from '../barwise';
import { tempDir } from '../test-support/temp-dir';
import { rawRequest, statusOf } from './test-support/raw-socket';
import { startShell, type Shell } from './server';

const running: { barwise: Barwise; shell: Shell }[] = [];
afterEach(async () => {
  for (const { shell, barwise } of running.splice(0)) {
    await shell.close();
    await barwise.close();
  }
});

async function start(): Promise<Shell> {
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Barwise</title>');
  const barwise = createBarwise({ dataDir: join(dir, 'data'), threads: 1 });
  const shell = await startShell({ barwise, rendererDir });
  running.push({ barwise, shell });
  return shell;
}

/**
 * One browser's cookie jar for 127.0.0.1: cookies are scoped to the host, not the port, so every
 * shell on this machine writes into, and is sent, the same jar.
 */
class Jar {
  readonly cookies = new Map<string, string>();
  async login(shell: Shell): Promise<void> {
    const response = await fetch(shell.url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const [pair] = (response.headers.get('set-cookie') ?? '').split(';');
    const [name, ...value] = (pair ?? '').split('=');
    this.cookies.set(name ?? '', value.join('='));
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const page = (shell: Shell, cookie: string) => fetch(`${shell.origin}/`, { headers: { cookie } }).then((r) => r.status);

describe('shell cookie', () => {
  it('keeps two shells in one browser both signed in', async () => {
    const first = await start();
    const second = await start();
    const jar = new Jar();
    await jar.login(first);
    await jar.login(second);
    expect(jar.cookies.size).toBe(2);
    expect(await page(first, jar.header())).toBe(200);
    expect(await page(second, jar.header())).toBe(200);
  });

  it("does not accept another shell's cookie, under either name", async () => {
    const first = await start();
    const second = await start();
    const jar = new Jar();
    await jar.login(first);
    const [[name, value]] = [...jar.cookies] as [[string, string]];
    expect(await page(second, `${name}=${value}`)).toBe(401);
    const secondName = `barwise_token_${new URL(second.origin).port}`;
    expect(await page(second, `${secondName}=${value}`)).toBe(401);
  });

  it('refuses a request naming another Host, even with the token', async () => {
    const shell = await start();
    const { port } = new URL(shell.origin);
    const get = (host: string) =>
      rawRequest(Number(port), `GET /?token=${shell.token} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`).then(statusOf);
    // A DNS-rebinding page reaches 127.0.0.1 under its own name.
    expect(await get(`rebind.example:${port}`)).toBe(403);
    expect(await get('127.0.0.1')).toBe(403);
    expect(await get(`127.0.0.1:${Number(port) + 1}`)).toBe(403);
    expect(await get(`127.0.0.1:${port}`)).toBe(303);
    expect(await get(`localhost:${port}`)).toBe(303);
  });
});
