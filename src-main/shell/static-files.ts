import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export type StaticFile = { readonly file: string } | { readonly status: 400 | 403 };

/**
 * The renderer file a URL path names: 400 for an escape that does not decode, 403 for a path
 * outside the renderer dir, and the app's index.html for client-side routes (no such file).
 */
export function resolveStatic(rendererDir: string, pathname: string): StaticFile {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0')) return { status: 400 };
  const file = normalize(join(rendererDir, decoded));
  if (!file.startsWith(rendererDir + sep) && file !== rendererDir) return { status: 403 };
  try {
    if (statSync(file).isFile()) return { file };
  } catch {
    // no such file: a client-side route
  }
  return { file: join(rendererDir, 'index.html') };
}

/**
 * Streams a file; a read error (the file vanished, no descriptor left) ends this response with
 * a 500 or a reset instead of an unhandled 'error' event that would end the process.
 */
export function sendFile(res: ServerResponse, file: string, headers: Readonly<Record<string, string>>, head: boolean): void {
  const stream = createReadStream(file);
  stream.once('open', () => {
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
      ...headers,
    });
    if (head) {
      stream.destroy();
      res.end();
      return;
    }
    pipeline(stream, res, () => undefined);
  });
  stream.once('error', () => {
    if (res.headersSent) {
      res.destroy();
    } else {
      res.writeHead(500, headers);
      res.end();
    }
  });
}
