import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { APP_URL, appFileHandler, contentTypeOf, resolveAppFile } from './app-files';

const POLICY = "default-src 'self'; script-src 'self'";
const SECRET = 'the secret beside the renderer';

/** A built renderer in <tmp>/renderer, a secret file beside it, and a sibling whose name starts the same. */
function layout() {
  const dir = tempDir('barwise-app-files-');
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Barwise</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'export const x = 1;');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  mkdirSync(join(dir, 'renderer-evil'));
  writeFileSync(join(dir, 'renderer-evil', 'x.js'), SECRET);
  return { dir, rendererDir };
}

/** URLs that try to reach a file outside the renderer directory. */
const TRAVERSALS = [
  'app://barwise/..%2Fsecret.txt',
  'app://barwise/..%2f..%2f..%2f..%2fetc%2fpasswd',
  'app://barwise/assets/..%2F..%2Fsecret.txt',
  'app://barwise/%2E%2E%2Fsecret.txt',
  'app://barwise/..%2Frenderer-evil%2Fx.js',
  'app://barwise/%2Fetc%2F..%2F..%2F..%2Fsecret.txt',
];

describe('resolveAppFile', () => {
  it('maps app://barwise/ paths to files inside the renderer directory', () => {
    const { rendererDir } = layout();
    expect(resolveAppFile(rendererDir, APP_URL)).toEqual({
      ok: true,
      file: join(rendererDir, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppFile(rendererDir, 'app://barwise/')).toMatchObject({ ok: true, file: join(rendererDir, 'index.html') });
    expect(resolveAppFile(rendererDir, 'app://barwise/assets/index-abc.js?v=1#x')).toMatchObject({
      ok: true,
      file: join(rendererDir, 'assets', 'index-abc.js'),
    });
    expect(resolveAppFile(rendererDir, 'app://barwise/assets/my%20file.css')).toMatchObject({
      ok: true,
      file: join(rendererDir, 'assets', 'my file.css'),
    });
  });

  it('refuses every path that resolves outside the renderer directory', () => {
    const { rendererDir } = layout();
    for (const url of TRAVERSALS) {
      expect(resolveAppFile(rendererDir, url), url).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('serves only its own host and scheme, and refuses malformed paths', () => {
    const { rendererDir } = layout();
    expect(resolveAppFile(rendererDir, 'app://elsewhere/index.html')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppFile(rendererDir, 'file:///etc/passwd')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppFile(rendererDir, 'https://barwise/index.html')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppFile(rendererDir, 'app://barwise/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppFile(rendererDir, 'app://barwise/index.html%00.js')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppFile(rendererDir, 'not a url')).toMatchObject({ ok: false, status: 400 });
  });
});

describe('contentTypeOf', () => {
  it('names the MIME type of each kind of file the renderer build emits', () => {
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('assets/index-abc.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('assets/INDEX.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('assets/index-abc.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('favicon.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('logo.png')).toBe('image/png');
    expect(contentTypeOf('inter.woff2')).toBe('font/woff2');
    expect(contentTypeOf('data.json')).toBe('application/json');
    expect(contentTypeOf('engine.wasm')).toBe('application/wasm');
  });

  it('labels an unknown extension as opaque bytes', () => {
    expect(contentTypeOf('notes.xyz')).toBe('application/octet-stream');
    expect(contentTypeOf('LICENSE')).toBe('application/octet-stream');
  });
});

describe('appFileHandler', () => {
  it('answers with the file, its MIME type and the CSP in the headers', async () => {
    const { rendererDir } = layout();
    const handle = appFileHandler(rendererDir, POLICY);
    const page = await handle(new Request(APP_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe('<!doctype html><title>Barwise</title>');
    const script = await handle(new Request('app://barwise/assets/index-abc.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('export const x = 1;');
  });

  it('never returns a file from outside the renderer directory', async () => {
    const { rendererDir } = layout();
    const handle = appFileHandler(rendererDir, POLICY);
    for (const url of TRAVERSALS) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(403);
      expect(response.headers.get('content-security-policy'), url).toBe(POLICY);
      expect(await response.text(), url).not.toContain(SECRET);
    }
  });

  it('answers 404 for a missing file or a directory, 405 for anything but GET and HEAD', async () => {
    const { rendererDir } = layout();
    const handle = appFileHandler(rendererDir, POLICY);
    expect((await handle(new Request('app://barwise/missing.js'))).status).toBe(404);
    expect((await handle(new Request('app://barwise/assets/'))).status).toBe(404);
    const post = await handle(new Request(APP_URL, { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await handle(new Request(APP_URL, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
