import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { apiSpec } from '../../src-shared/api';
import { MAX_MESSAGE_BYTES } from '../../src-shared/rpc/limits';
import { socketTransport, type SocketLike } from '../../src-shared/rpc/socket-transport';
import { serveApi } from '../api/serve';
import type { Barwise } from '../barwise';
import type { UploadLimits } from '../data/uploads';
import { isHealthRoute, serveHealth } from '../health/http';
import { checkAccess, checkHealthAccess, cookieName, isRefusal, parseTarget } from './access';
import { contentSecurityPolicy } from './csp';
import { startHeartbeat } from './heartbeat';
import { openSession } from './session';
import { resolveStatic, sendFile } from './static-files';

/** Time limits of the shell's connections, in milliseconds. */
export interface ShellTimeouts {
  /** A request's headers must arrive within this (slowloris). */
  readonly headersMs: number;
  /** A whole request must arrive within this. */
  readonly requestMs: number;
  /** WebSockets are pinged this often; one that has not answered the previous ping is closed. */
  readonly heartbeatMs: number;
}

export const DEFAULT_SHELL_TIMEOUTS: ShellTimeouts = Object.freeze({ headersMs: 10_000, requestMs: 30_000, heartbeatMs: 30_000 });

export interface ShellOptions {
  readonly barwise: Barwise;
  /** The built renderer (index.html and assets). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** For tests; a new random token is generated otherwise. */
  readonly token?: string;
  readonly timeouts?: Partial<ShellTimeouts>;
  /** Applied to the Barwise instance's uploads (the shell is where uploads come from). */
  readonly uploads?: Partial<UploadLimits>;
}

export interface Shell {
  /** The URL to open, with the token. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function shellTimeouts(given: Partial<ShellTimeouts> = {}): ShellTimeouts {
  const timeouts = { ...DEFAULT_SHELL_TIMEOUTS, ...given };
  for (const [name, value] of Object.entries(timeouts)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`shell timeout ${name} must be a positive integer of ms, got ${value}`);
  }
  if (timeouts.headersMs > timeouts.requestMs) throw new Error('shell timeout headersMs must not exceed requestMs');
  return Object.freeze(timeouts);
}

/**
 * The browser shell: the built renderer and the API (comlink over a WebSocket) on 127.0.0.1 only.
 * Every request must name the shell's own Host (127.0.0.1:PORT or localhost:PORT) and carry the
 * launch token: in the URL once (it is then kept in an HttpOnly, SameSite=Strict cookie named for
 * this port and stripped from the address bar) or in that cookie. A WebSocket must also come from
 * the shell's own origin, so another site open in the same browser cannot drive it. What the shell
 * defends against, and the tests for each defence: docs/security.md.
 */
export async function startShell(options: ShellOptions): Promise<Shell> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer at ${rendererDir} (run \`npm run build\` first)`);
  }
  const timeouts = shellTimeouts(options.timeouts);
  if (options.uploads) options.barwise.data.uploads.configure(options.uploads);
  let port = 0;

  const securityHeaders = (host: string) => ({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [`ws://${host}`] }),
  });
  const plain = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(`${status}: ${message}\n`);
  };

  const handleHealth = (req: IncomingMessage, res: ServerResponse) => {
    const access = checkHealthAccess(req, port, token);
    if (isRefusal(access)) return plain(res, access.status, access.message, securityHeaders(`${HOST}:${port}`));
    const route = access.url.pathname;
    if (!isHealthRoute(route)) return plain(res, 404, 'Not found', securityHeaders(access.host));
    serveHealth(route, req, res, options.barwise.health, access.authorized, securityHeaders(access.host)).catch((error: Error) => {
      console.error('barwise shell: health request failed:', error.message);
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.destroy();
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // /health, its probes and /metrics: the probes answer without the token, the rest take it as
    // the cookie or as a bearer token (docs/team.md, "Health endpoints").
    const path = parseTarget(req.url)?.pathname;
    if (path !== undefined && isHealthRoute(path)) return handleHealth(req, res);
    const access = checkAccess(req, port, token);
    if (isRefusal(access)) return plain(res, access.status, access.message, securityHeaders(`${HOST}:${port}`));
    const { url, host } = access;
    const security = securityHeaders(host);
    if (url.searchParams.has('token')) {
      // Keep the token out of the address bar and history: move it into a strict cookie. The
      // path starts with exactly one slash, so `//other.host` cannot become an off-site redirect.
      url.searchParams.delete('token');
      res.writeHead(303, {
        Location: `/${url.pathname.replace(/^\/+/, '')}${url.search}`,
        'Set-Cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        ...security,
      });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed', security);
    const target = resolveStatic(rendererDir, url.pathname);
    if ('status' in target) return plain(res, target.status, target.status === 400 ? 'Bad path' : 'Forbidden', security);
    sendFile(res, target.file, security, req.method === 'HEAD');
  };

  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // How often the two timeouts above are checked (Node's default is every 30 s).
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
    (req, res) => {
      try {
        handle(req, res);
      } catch (error) {
        // A bug must cost one response, never the process.
        console.error('barwise shell: request failed:', error);
        if (!res.headersSent) plain(res, 500, 'Internal error');
        else res.destroy();
      }
    },
  );
  // After listening, an 'error' (e.g. accept() failing with EMFILE) must not end the process.
  const logServerError = (error: Error) => console.error('barwise shell: server error:', error.message);

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const stopHeartbeat = startHeartbeat(wss, timeouts.heartbeatMs);
  wss.on('connection', (ws: WebSocket) => {
    // Invalid frames (bad UTF-8, an unknown opcode, a message over maxPayload) make `ws` close
    // the socket with the matching code and emit 'error'; unheard, that would end the process.
    ws.on('error', () => undefined);
    const session = openSession(options.barwise);
    serveApi(socketTransport(ws as unknown as SocketLike), session.api, apiSpec, options.barwise.events);
    ws.once('close', () => session.close());
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // Node removes its own listeners from an upgraded socket: a reset before the handshake
    // would otherwise be an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const access = checkAccess(req, port, token);
    if (isRefusal(access)) {
      return refuse({ 400: '400 Bad Request', 401: '401 Unauthorized', 403: '403 Forbidden', 404: '404 Not Found' }[access.status]);
    }
    if (access.url.pathname !== '/api') return refuse('404 Not Found');
    if (req.headers.origin !== `http://${access.host}`) return refuse('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      server.on('error', logServerError);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    async close() {
      stopHeartbeat();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
