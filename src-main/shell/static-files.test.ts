import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { resolveStatic, sendFile } from './static-files';

function renderer() {
  const dir = join(tempDir(), 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

describe('static files', () => {
  it('maps a path to a renderer file, and a client-side route to index.html', () => {
    const dir = renderer();
    expect(resolveStatic(dir, '/assets/app.js')).toEqual({ file: join(dir, 'assets', 'app.js') });
    expect(resolveStatic(dir, '/backtests/42')).toEqual({ file: join(dir, 'index.html') });
    expect(resolveStatic(dir, '/assets')).toEqual({ file: join(dir, 'index.html') });
  });

  it('answers escapes that do not decode with 400 and paths out of the renderer with 403', () => {
    const dir = renderer();
    for (const path of ['/%', '/%E0%A4%A', '/%ZZ', '/a%00b']) expect(resolveStatic(dir, path), path).toEqual({ status: 400 });
    expect(resolveStatic(dir, '/..%2f..%2fetc%2fpasswd')).toEqual({ status: 403 });
  });

  it('ends the response with 500 when the file cannot be read, instead of an unhandled error', async () => {
    const dir = renderer();
    const server = createServer((_req, res) => sendFile(res, join(dir, 'vanished.js'), { 'X-Test': '1' }, false));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`);
      expect(response.status).toBe(500);
      expect(response.headers.get('x-test')).toBe('1');
    } finally {
      server.close();
    }
  });
});
