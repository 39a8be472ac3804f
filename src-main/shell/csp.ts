/**
 * The renderer's Content-Security-Policy, the same in Electron and the browser shell: scripts
 * only from the app itself (no eval, no inline script), no plugins, no framing, no forms.
 * Inline styles are allowed because recharts positions its SVG with style attributes.
 */
export function contentSecurityPolicy({ connectSrc = [] as readonly string[] } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${connectSrc.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
