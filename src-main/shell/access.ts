import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the shell, decided the same way for page requests and WebSocket upgrades:
 * a request target that parses, a Host naming the shell itself, then the launch token.
 */

export type Refusal = { readonly status: 400 | 401 | 403 | 404; readonly message: string };

/** The shell's own addresses: the Host header of every request must be one of them. */
export function ownHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/**
 * Cookies are scoped to a host, not to a port: every server on 127.0.0.1 shares one jar. A name
 * per port keeps two shells from overwriting each other's cookie.
 */
export const cookieName = (port: number): string => `barwise_token_${port}`;

/**
 * The request target as a URL, or undefined when it is not a plain path: absolute-form targets
 * (`http://…`) are for proxies, and a browser never sends one to a server. The whole target is
 * taken as the path, so `//host/x` stays a path instead of naming another host.
 */
export function parseTarget(target: string | undefined): URL | undefined {
  if (!target?.startsWith('/')) return undefined;
  try {
    return new URL(`http://shell${target}`);
  } catch {
    return undefined;
  }
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export interface Access {
  readonly url: URL;
  /** The Host the request named (one of ownHosts), e.g. for the expected WebSocket Origin. */
  readonly host: string;
}

/**
 * Checks a request in order: the target parses (else 400); Host is the shell's own (else 403:
 * a DNS-rebinding page reaches 127.0.0.1 under its own host name); then the token, in the URL
 * or in this shell's cookie (else 401).
 */
export function checkAccess(req: IncomingMessage, port: number, token: string): Access | Refusal {
  const url = parseTarget(req.url);
  if (!url) return { status: 400, message: 'Bad request target' };
  const host = (req.headers.host ?? '').toLowerCase();
  if (!ownHosts(port).has(host)) {
    return { status: 403, message: `This Barwise shell answers only to 127.0.0.1:${port} and localhost:${port}` };
  }
  if (!sameSecret(url.searchParams.get('token') ?? undefined, token) && !sameSecret(cookieValue(req, cookieName(port)), token)) {
    return { status: 401, message: 'This Barwise shell needs the token from the URL it printed at launch' };
  }
  return { url, host };
}

export const isRefusal = (result: Access | Refusal): result is Refusal => 'status' in result;

/**
 * The health endpoints' check: the request names the shell's own Host (else 403) and parses
 * (else 400); `authorized` says whether it carries the token as this shell's cookie or as
 * `Authorization: Bearer TOKEN` (how Prometheus sends it). Which endpoints need it is
 * src-main/health/http.ts's to say: the probes do not.
 */
export function checkHealthAccess(req: IncomingMessage, port: number, token: string): (Access & { authorized: boolean }) | Refusal {
  const url = parseTarget(req.url);
  if (!url) return { status: 400, message: 'Bad request target' };
  const host = (req.headers.host ?? '').toLowerCase();
  if (!ownHosts(port).has(host)) {
    return { status: 403, message: `This Barwise shell answers only to 127.0.0.1:${port} and localhost:${port}` };
  }
  const header = /^Bearer\s+(\S+)$/i.exec((req.headers.authorization ?? '').trim())?.[1];
  return { url, host, authorized: sameSecret(header, token) || sameSecret(cookieValue(req, cookieName(port)), token) };
}
