import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from 'electron-vite';
import { build, type InlineConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { appContentSecurityPolicy, metaContentSecurityPolicy } from './renderer-csp';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Directive name → its source list, from a policy string. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

/**
 * Builds the renderer exactly as `npm run build` does (electron-vite's resolved renderer config,
 * plugins included) into a temp dir, so the test needs no earlier build and leaves out/ alone.
 */
async function builtIndexHtml(): Promise<string> {
  const outDir = tempDir('barwise-renderer-build-');
  const { config } = await resolveConfig({ root, logLevel: 'silent' }, 'build', 'production');
  const renderer = config?.renderer as InlineConfig;
  await build({ ...renderer, root: join(root, 'src-renderer'), logLevel: 'silent', build: { ...renderer.build, outDir, emptyOutDir: true } });
  return readFileSync(join(outDir, 'index.html'), 'utf8');
}

/** Vite writes attribute values with quotes as character references. */
const decodeAttribute = (value: string) =>
  value.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

describe('metaContentSecurityPolicy', () => {
  it('is the header policy without the directives a <meta> cannot deliver', () => {
    const header = directives(appContentSecurityPolicy());
    const meta = directives(metaContentSecurityPolicy());
    expect(header.get('frame-ancestors')).toEqual(["'none'"]);
    expect(meta.has('frame-ancestors')).toBe(false);
    header.delete('frame-ancestors');
    expect(meta).toEqual(header);
    expect(metaContentSecurityPolicy("script-src 'self'; sandbox; report-uri /r; Frame-Ancestors 'none'")).toBe("script-src 'self'");
  });
});

describe('the built index.html', () => {
  it('opens <head> with the CSP meta, ahead of every script and stylesheet', async () => {
    const html = await builtIndexHtml();
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)];
    expect(metas).toHaveLength(1);
    const [tag, content = ''] = metas[0] ?? [];
    const policy = decodeAttribute(content);
    expect(policy).toBe(metaContentSecurityPolicy());

    const parsed = directives(policy);
    expect(parsed.get('default-src')).toEqual(["'self'"]);
    expect(parsed.get('script-src')).toEqual(["'self'"]);
    expect(parsed.get('connect-src')).toEqual(["'self'"]);
    expect(parsed.get('object-src')).toEqual(["'none'"]);
    expect(parsed.get('base-uri')).toEqual(["'none'"]);
    expect(parsed.get('form-action')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-eval|frame-ancestors/);

    // The first element of <head>: nothing the policy must govern is parsed before it.
    const head = html.slice(html.indexOf('<head>') + '<head>'.length);
    expect(head.trimStart().startsWith(tag ?? '<missing>')).toBe(true);
    expect(html).toMatch(/<script type="module"[^>]*src="\.\/assets\/[^"]+\.js"/);
  }, 60_000);
});
