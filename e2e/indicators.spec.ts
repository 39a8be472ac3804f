import type { Page, TestInfo } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label });

/** A picture of the view for the report (the content pane scrolls, so a tall viewport stands in for fullPage). */
async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1400, height: 2000 });
  await page.waitForTimeout(300);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  if (size) await page.setViewportSize(size);
}

/** A user strategy that declares two price averages (one coloured) and an oscillator with a name of its own. */
const STRATEGY = `import { defineStrategy, rsi, sma } from 'barwise';

export default defineStrategy({
  name: 'Cross with RSI',
  params: {
    fast: { type: 'int', default: 10, min: 2, max: 500 },
    slow: { type: 'int', default: 30, min: 3, max: 1000 },
  },
  init: ({ data, params, I }) => ({
    fast: I(sma(data.close, params.fast), { color: '#ff8800' }),
    slow: I(sma(data.close, params.slow)),
    strength: I(rsi(data.close, 14), { name: 'RSI 14' }),
  }),
  next({ crossover, position, buy, sell }, { fast, slow, strength }) {
    if (crossover(fast, slow) && strength.at(-1) < 80) { position.close(); buy(); }
    else if (crossover(slow, fast)) { position.close(); sell(); }
  },
});
`;

test('a run draws its strategy’s indicators on the price and in a pane, toggles them, and shows the code it ran', async ({ page, app }, testInfo) => {
  test.setTimeout(240_000);
  await nav(page, 'Data').click();
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.getByText(/Synthetic BTCUSD/).first()).toBeVisible({ timeout: 60_000 });

  // The strategy arrives as a file in the data directory, as from the trader's own editor.
  const file = join(app.dataDir, 'strategies', 'with-rsi.ts');
  mkdirSync(join(app.dataDir, 'strategies'), { recursive: true });
  writeFileSync(file, STRATEGY);
  await nav(page, 'Backtests').click();
  const strategy = page.getByRole('combobox', { name: 'Strategy' });
  await expect(strategy.locator('option[value="with-rsi"]')).toHaveCount(1, { timeout: 60_000 });
  await strategy.selectOption('with-rsi');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await page.waitForURL(/#\/backtests\/run\/[0-9a-f-]{36}$/, { timeout: 120_000 });

  // The legend names every declared indicator and where it is drawn.
  const legend = page.getByTestId('indicator-legend');
  await expect(legend.getByRole('checkbox')).toHaveCount(3, { timeout: 30_000 });
  await expect(legend.getByRole('checkbox', { name: /^fast/ })).toBeChecked();
  await expect(legend).toContainText('fast · on price');
  await expect(legend).toContainText('slow · on price');
  await expect(legend).toContainText('RSI 14 · pane');

  // The averages overlay the price (fast in the colour the strategy gave it); RSI has its own pane.
  const price = page.getByTestId('chart-price');
  await expect(price.locator('path.recharts-curve[stroke="#ff8800"]')).toHaveCount(1);
  await expect(price.locator('path.recharts-curve[stroke="var(--chart-ind-1)"]')).toHaveCount(1);
  await expect(price.locator('path.recharts-curve[stroke="var(--chart-ind-2)"]')).toHaveCount(0);
  const pane = page.locator('[data-testid=indicator-pane][data-name="RSI 14"]');
  await expect(pane).toBeVisible();
  await expect(pane.locator('path.recharts-curve[stroke="var(--chart-ind-2)"]')).toHaveCount(1);
  // The line is drawn (a path with many points), not an empty shell.
  const d = await pane.locator('path.recharts-curve').getAttribute('d');
  expect((d ?? '').split(/[LM]/).length).toBeGreaterThan(100);

  await snapshot(page, testInfo, 'run-with-indicators');

  // Toggles hide and show a line on the price and a pane.
  await legend.getByRole('checkbox', { name: /^fast/ }).uncheck();
  await expect(price.locator('path.recharts-curve[stroke="#ff8800"]')).toHaveCount(0);
  await expect(price.locator('path.recharts-curve[stroke="var(--chart-ind-1)"]')).toHaveCount(1);
  await legend.getByRole('checkbox', { name: /^RSI 14/ }).uncheck();
  await expect(page.getByTestId('indicator-pane')).toHaveCount(0);
  await legend.getByRole('checkbox', { name: /^RSI 14/ }).check();
  await expect(pane).toBeVisible();
  await legend.getByRole('checkbox', { name: /^fast/ }).check();
  await expect(price.locator('path.recharts-curve[stroke="#ff8800"]')).toHaveCount(1);

  // Zooming in re-asks for the window: the lines are still drawn.
  await page.getByTestId('trades-table').getByRole('row').nth(1).click();
  await expect(page.getByRole('button', { name: 'Reset zoom' })).toBeVisible();
  await expect(price.locator('path.recharts-curve[stroke="#ff8800"]')).toHaveCount(1);

  // The Code view: the exact source the run used, highlighted as in the editor.
  await page.getByRole('tab', { name: 'Code' }).click();
  await expect(page).toHaveURL(/\?view=code$/);
  const code = page.getByTestId('run-code');
  await expect(code).toContainText('strategies/with-rsi.ts');
  await expect(page.getByTestId('run-code-note')).toHaveText(/the same as strategies\/with-rsi\.ts now/);
  const viewer = page.getByTestId('code-viewer');
  await expect(viewer.locator('.cm-content')).toContainText("strength: I(rsi(data.close, 14), { name: 'RSI 14' })");
  await expect(viewer.locator('.tok-keyword').first()).toBeVisible();
  await expect(page.getByRole('textbox', { name: /as this run used it$/ })).toHaveAttribute('aria-readonly', 'true');

  await snapshot(page, testInfo, 'run-code');

  // The file changes afterwards: the view still shows what the run used, and says so.
  writeFileSync(file, readFileSync(file, 'utf8').replace('< 80', '< 70'));
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId('run-code-note').textContent();
      },
      { timeout: 30_000 },
    )
    .toMatch(/strategies\/with-rsi\.ts has changed since this run/);
  await expect(viewer.locator('.cm-content')).toContainText('strength.at(-1) < 80');

  // Back to the results.
  await page.getByRole('tab', { name: 'Results' }).click();
  await expect(page.getByTestId('indicator-legend')).toBeVisible();
});
