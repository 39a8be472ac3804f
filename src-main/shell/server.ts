import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { apiSpec } from '../../src-shared/api';
import { socketTransport, type SocketLike } from '../../src-shared/rpc/socket-transport';
import { serveApi } from '../api/serve';
import type { Barwise } from '../barwise';
import { contentSecurityPolicy } from './csp';

export interface ShellOptions {
  readonly barwise: Barwise;
  /** The built renderer (index.html and assets). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** For tests; a new random token is generated otherwise. */
  readonly token?: string;
}

export interface Shell {
  /** The URL to open, with the token. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

const COOKIE = 'barwise_token';
const HOST = '127.0.0.1';
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

function sameSecret(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return undefined;
}

/**
 * The browser shell: the built renderer and the API (comlink over a WebSocket) on 127.0.0.1 only.
 * Every request needs the launch token: in the URL once (it is then kept in an HttpOnly,
 * SameSite=Strict cookie and stripped from the address bar) or in that cookie. A WebSocket must
 * also come from the shell's own origin, so another site open in the same browser cannot drive it.
 */
export async function startShell(options: ShellOptions): Promise<Shell> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer at ${rendererDir} (run \`npm run build\` first)`);
  }
  let origin = '';

  const authorized = (req: IncomingMessage, url: URL) =>
    sameSecret(url.searchParams.get('token') ?? undefined, token) || sameSecret(cookieToken(req), token);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const security = {
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [origin.replace(/^http/, 'ws')] }),
    };
    if (!authorized(req, url)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', ...security });
      res.end('401: this Barwise shell needs the token from the URL it printed at launch.\n');
      return;
    }
    if (url.searchParams.has('token')) {
      // Keep the token out of the address bar and history: move it into a strict cookie.
      url.searchParams.delete('token');
      res.writeHead(303, {
        Location: url.pathname + url.search,
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        ...security,
      });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, security);
      res.end();
      return;
    }
    let file = normalize(join(rendererDir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(rendererDir + sep) && file !== rendererDir) {
      res.writeHead(403, security);
      res.end();
      return;
    }
    // Client-side routes (no extension) get the app's index.html.
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(rendererDir, 'index.html');
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
      ...security,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };

  const server = createServer(handle);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/api') return refuse('404 Not Found');
    if (!authorized(req, url)) return refuse('401 Unauthorized');
    if (req.headers.origin !== origin) return refuse('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      serveApi(socketTransport(ws as unknown as SocketLike), options.barwise.api, apiSpec, options.barwise.events);
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${HOST}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
