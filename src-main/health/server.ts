import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerToken, isHealthRoute, serveHealth, type HealthEndpoints } from './http';

export interface HealthServer {
  readonly url: string;
  close(): Promise<void>;
}

const same = (given: string | undefined, token: string) => {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * A headless worker's health endpoints on their own port: the probes for anyone who can reach it,
 * everything else with `Authorization: Bearer TOKEN`. It serves nothing else (no pages, no API),
 * and binds 127.0.0.1 unless told otherwise (a scraper on another host needs `--health-host`).
 */
export async function startHealthServer(options: { host: string; port: number; token: string; endpoints: HealthEndpoints }): Promise<HealthServer> {
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (!isHealthRoute(path)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404: not a health endpoint\n');
      return;
    }
    serveHealth(path, req, res, options.endpoints, same(bearerToken(req), options.token), { 'X-Content-Type-Options': 'nosniff' }).catch((error: Error) => {
      console.error('barwise worker: health request failed:', error.message);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('error', (error) => console.error('barwise worker: health server:', error.message));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
