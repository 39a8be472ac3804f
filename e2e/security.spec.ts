import { WebSocket } from 'ws';
import { expect, test } from './fixtures';

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
