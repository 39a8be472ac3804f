import { test as base, _electron as electron, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a spec gets besides the page: the app's fresh data dir, and (shell only) its URL and token. */
export interface AppUnderTest {
  readonly mode: 'shell' | 'electron';
  readonly dataDir: string;
  readonly origin?: string;
  readonly token?: string;
}

export const ELECTRON = process.env.BARWISE_E2E_ELECTRON === '1';

async function startShell(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['out/main/shell.js', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`shell did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`shell exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

/**
 * One fixture for every spec: a fresh temp data dir, and the app on it — the browser shell in
 * Chromium by default, or the real Electron app with BARWISE_E2E_ELECTRON=1 (needs its binary).
 */
export const test = base.extend<{ app: AppUnderTest; page: Page }>({
  // Playwright requires the object pattern even when a fixture depends on nothing.
  // oxlint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'barwise-e2e-'));
    await use({ mode: ELECTRON ? 'electron' : 'shell', dataDir });
    rmSync(dataDir, { recursive: true, force: true });
  },
  page: async ({ app, browser }, use, testInfo) => {
    const errors: string[] = [];
    if (app.mode === 'electron') {
      const electronApp = await electron.launch({
        args: ['out/main/index.js'],
        env: { ...process.env, BARWISE_DATA_DIR: app.dataDir },
      });
      const page = await electronApp.firstWindow();
      page.on('pageerror', (e) => errors.push(e.message));
      await use(page);
      await electronApp.close();
    } else {
      const { child, url } = await startShell(app.dataDir);
      const parsed = new URL(url);
      Object.assign(app, { origin: parsed.origin, token: parsed.searchParams.get('token') ?? undefined });
      const context = await browser.newContext({ colorScheme: 'light' });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(url);
      await use(page);
      await context.close();
      child.kill('SIGTERM');
    }
    // The app must not log errors to the console while a spec drives it.
    expect(errors, `console errors during "${testInfo.title}"`).toEqual([]);
  },
});

export { expect };
