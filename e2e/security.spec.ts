import type { Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { appContentSecurityPolicy, metaContentSecurityPolicy } from '../src-main/electron/renderer-csp';
import { contentSecurityPolicy } from '../src-main/shell/csp';
import { expect, test, type AppUnderTest } from './fixtures';

/** What the page saw when it tried what its policy forbids. */
interface CspProbe {
  readonly url: string;
  readonly evalOutcome: string;
  readonly functionOutcome: string;
  readonly inlineScriptRan: boolean;
  readonly fetchOutcome: string;
  readonly metaPolicy: string | null;
  readonly violations: ReadonlyArray<{ directive: string; blocked: string; policy: string; disposition: string }>;
}

/**
 * Runs in the page: eval, new Function, an inline script and a fetch to another origin, collecting
 * the securitypolicyviolation events they raise (each carries the full text of the policy that
 * blocked it, so the policies in force can be read back).
 */
async function probeCsp(page: Page): Promise<CspProbe> {
  return page.evaluate(async () => {
    const violations: Array<{ directive: string; blocked: string; policy: string; disposition: string }> = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, policy: e.originalPolicy, disposition: e.disposition }),
    );
    // DevTools lets code it evaluates use eval in spite of the policy (CDP's
    // allowUnsafeEvalBlockedByCSP); the probe runs in a later task, as the page's own code would.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const outcome = (run: () => unknown) => {
      try {
        return `ran: ${String(run())}`;
      } catch (error) {
        return (error as Error).name;
      }
    };
    // The point is that the policy refuses it.
    // oxlint-disable-next-line no-eval
    const evalOutcome = outcome(() => globalThis.eval('1 + 1'));
    const functionOutcome = outcome(() => new Function('return 2')());
    const script = document.createElement('script');
    script.textContent = 'window.barwiseInlineRan = true;';
    document.head.append(script);
    const fetchOutcome = await fetch('https://example.com/').then(
      (response) => `fetched: ${response.status}`,
      (error: Error) => error.name,
    );
    // Violation events are queued as tasks: wait until the four blocked attempts have reported.
    const deadline = Date.now() + 5000;
    while (new Set(violations.map((v) => v.directive)).size < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    return {
      url: location.href,
      evalOutcome,
      functionOutcome,
      inlineScriptRan: (window as unknown as { barwiseInlineRan?: boolean }).barwiseInlineRan === true,
      fetchOutcome,
      metaPolicy: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
      violations,
    };
  });
}

/**
 * The page to probe. The fixture fails a shell spec on any console error, and every blocked
 * attempt logs one, so in the shell the probe runs in a second tab of the same (authorized)
 * context; the Electron fixture records only uncaught page errors, so there it is the window itself.
 */
async function probePage(page: Page, app: AppUnderTest): Promise<Page> {
  if (app.mode === 'electron') return page;
  const probe = await page.context().newPage();
  await probe.goto(`${app.origin}/`);
  await expect(probe.getByTestId('connection-state')).toHaveText('Connected');
  return probe;
}

test.describe('content security policy', () => {
  test('the page runs under the renderer CSP, from its headers and its meta tag', async ({ page, app }) => {
    await expect(page.getByTestId('connection-state')).toHaveText('Connected');
    const probe = await probePage(page, app);
    const result = await probeCsp(probe);

    if (app.mode === 'electron') expect(result.url).toMatch(/^app:\/\/barwise\/index\.html(#.*)?$/);
    expect(result.evalOutcome).toBe('EvalError');
    expect(result.functionOutcome).toBe('EvalError');
    expect(result.inlineScriptRan).toBe(false);
    expect(result.fetchOutcome).toBe('TypeError');
    expect(result.metaPolicy).toBe(metaContentSecurityPolicy());

    const blocked = (directive: string) => result.violations.filter((v) => v.directive === directive);
    expect(blocked('script-src').map((v) => v.blocked)).toContain('eval');
    expect(blocked('script-src-elem').map((v) => v.blocked)).toContain('inline');
    expect(blocked('connect-src').map((v) => v.blocked)).toContain('https://example.com/');
    expect(result.violations.every((v) => v.disposition === 'enforce')).toBe(true);

    // Both deliveries are in force: the response header (the only one that can carry
    // frame-ancestors) and the meta tag written into the built page.
    const header =
      app.mode === 'electron'
        ? appContentSecurityPolicy()
        : contentSecurityPolicy({ connectSrc: [(app.origin ?? '').replace(/^http/, 'ws')] });
    expect(new Set(result.violations.map((v) => v.policy))).toEqual(new Set([header, metaContentSecurityPolicy()]));
    expect(header).toContain("frame-ancestors 'none'");
    if (probe !== page) await probe.close();
  });
});

test.describe('browser shell security', () => {
  test.skip(({ app }) => app.mode !== 'shell', 'the token and origin checks belong to the browser shell');

  test('a request without the token is refused', async ({ page, app, playwright }) => {
    await expect(page.getByTestId('connection-state')).toHaveText('Connected');
    const anonymous = await playwright.request.newContext();
    const bare = await anonymous.get(`${app.origin}/`);
    expect(bare.status()).toBe(401);
    const wrong = await anonymous.get(`${app.origin}/?token=not-the-token`);
    expect(wrong.status()).toBe(401);
    const asset = await anonymous.get(`${app.origin}/favicon.svg`);
    expect(asset.status()).toBe(401);
    await anonymous.dispose();
  });

  test('pages are served with a strict CSP', async ({ page, app }) => {
    const response = await page.request.get(`${app.origin}/`);
    const csp = response.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  test('a WebSocket from another origin is refused, even with the token', async ({ page, app }) => {
    await expect(page.getByTestId('connection-state')).toHaveText('Connected');
    const url = `${(app.origin ?? '').replace('http', 'ws')}/api?token=${app.token}`;
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, { headers: { Origin: origin } });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.on('error', () => resolve('error'));
      });
    expect(await attempt('http://evil.example')).toBe('403');
    expect(await attempt(app.origin ?? '')).toBe('open');
  });
});
