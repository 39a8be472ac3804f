import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthReport } from '../../src-shared/api/health';
import type { PgPoolFigures } from '../../src-shared/api/team';
import type { BarwiseMetrics } from './metrics';

export const HEALTH_ROUTES = ['/health', '/health/live', '/health/ready', '/health/db_pool', '/metrics'] as const;
export type HealthRoute = (typeof HEALTH_ROUTES)[number];

export const isHealthRoute = (path: string): path is HealthRoute => (HEALTH_ROUTES as readonly string[]).includes(path);

/** The probes answer anyone who may reach the port: they say only up/ready. */
export const isOpenProbe = (route: HealthRoute): boolean => route === '/health/live' || route === '/health/ready';

export interface HealthEndpoints {
  report(): HealthReport;
  ready(): boolean;
  pgPool(): PgPoolFigures | null;
  readonly metrics: BarwiseMetrics;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string>) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * Answers one health route (Kubernetes-style probes, the full report, the Postgres pool, and
 * Prometheus metrics). `authorized` says whether the request carried the token; only the two
 * probes answer without it.
 */
export async function serveHealth(
  route: HealthRoute,
  req: IncomingMessage,
  res: ServerResponse,
  endpoints: HealthEndpoints,
  authorized: boolean,
  headers: Record<string, string> = {},
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method not allowed' }, headers);
  if (!isOpenProbe(route) && !authorized) {
    return json(res, 401, { error: 'this endpoint needs the token, as the cookie or as Authorization: Bearer TOKEN' }, {
      'WWW-Authenticate': 'Bearer',
      ...headers,
    });
  }
  switch (route) {
    case '/health/live':
      return json(res, 200, { status: 'up' }, headers);
    case '/health/ready': {
      const ready = endpoints.ready();
      return json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' }, headers);
    }
    case '/health': {
      const report = endpoints.report();
      return json(res, report.status === 'ok' ? 200 : 503, report, headers);
    }
    case '/health/db_pool': {
      const pool = endpoints.pgPool();
      return json(res, 200, pool ?? { status: 'not_configured' }, headers);
    }
    case '/metrics': {
      const text = await endpoints.metrics.text();
      res.writeHead(200, { 'Content-Type': endpoints.metrics.contentType, 'Cache-Control': 'no-store', ...headers });
      res.end(text);
      return;
    }
  }
}

/** The token of `Authorization: Bearer TOKEN`, if the request has one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
