import { contentSecurityPolicy } from '../shell/csp';

/**
 * Directives a policy delivered in <meta http-equiv> cannot carry: browsers ignore them there and
 * log a console error for each. frame-ancestors, the one we use, stays in the response headers.
 */
const HEADER_ONLY_DIRECTIVES = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** The renderer's policy as the app:// handler sends it: the same builder as the browser shell's. */
export function appContentSecurityPolicy(): string {
  return contentSecurityPolicy();
}

/** The same policy without the directives a <meta> cannot deliver. */
export function metaContentSecurityPolicy(policy = appContentSecurityPolicy()): string {
  return policy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && !HEADER_ONLY_DIRECTIVES.has(directive.split(/\s+/)[0]?.toLowerCase() ?? ''))
    .join('; ');
}
