import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The desktop window loads the built renderer from app://barwise/, served by the handler below
 * (registered in security.ts), not from file://: Electron applies no response headers to
 * file:// pages, and a file:// page may read any file on the disk. This module does not import
 * electron, so the resolution and the responses are tested under plain Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'barwise';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * What the renderer build emits, by extension. A dozen entries do not justify a dependency;
 * anything else is served as opaque bytes, and nosniff stops the page from guessing otherwise.
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AppFileLookup =
  | { readonly ok: true; readonly file: string; readonly contentType: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string };

/**
 * The file an app:// URL names inside rendererDir, or why there is none. The path is
 * percent-decoded before it is resolved, so an encoded `..%2F` cannot step out of the directory.
 */
export function resolveAppFile(rendererDir: string, url: string): AppFileLookup {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) {
    return { ok: false, status: 404, reason: `only ${APP_SCHEME}://${APP_HOST}/ is served` };
  }
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (path.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  const root = resolve(rendererDir);
  const file = resolve(root, path === '/' ? 'index.html' : `.${path}`);
  const inside = relative(root, file);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return { ok: false, status: 403, reason: 'outside the renderer directory' };
  }
  return { ok: true, file, contentType: contentTypeOf(file) };
}

/**
 * The app:// handler: a fetch-style (Request → Response) function, as Electron's protocol.handle
 * takes it. Every response carries the renderer's CSP, so the policy applies wherever the window
 * goes, including error pages.
 */
export function appFileHandler(rendererDir: string, contentSecurityPolicy: string): (request: Request) => Promise<Response> {
  const headers = { 'Content-Security-Policy': contentSecurityPolicy, 'X-Content-Type-Options': 'nosniff' };
  const refuse = (status: number, reason: string, extra: Record<string, string> = {}) =>
    new Response(`${status}: ${reason}\n`, { status, headers: { ...headers, ...extra, 'Content-Type': 'text/plain; charset=utf-8' } });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'read-only', { Allow: 'GET, HEAD' });
    const lookup = resolveAppFile(rendererDir, request.url);
    if (!lookup.ok) return refuse(lookup.status, lookup.reason);
    const found = await stat(lookup.file).catch(() => undefined);
    if (!found?.isFile()) return refuse(404, 'no such file');
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(lookup.file));
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': lookup.contentType } });
  };
}
