import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';

const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label });

async function loadSample(page: Page): Promise<void> {
  await nav(page, 'Data').click();
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.getByText(/Synthetic BTCUSD/).first()).toBeVisible({ timeout: 60_000 });
}

/** The set-up with sma-cross: fast and slow vary over the given ranges. */
async function setRanges(page: Page, fast: [string, string, string], slow: [string, string, string]): Promise<void> {
  await page.getByRole('combobox', { name: 'Strategy' }).selectOption('sma-cross');
  for (const [label, [from, to, step]] of [
    ['Fast period', fast],
    ['Slow period', slow],
  ] as const) {
    await expect(page.getByRole('checkbox', { name: `Vary ${label}` })).toBeChecked();
    await page.getByLabel(`${label} from`).fill(from);
    await page.getByLabel(`${label} to`).fill(to);
    await page.getByLabel(`${label} step`).fill(step);
  }
}

async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1400, height: 2600 });
  await page.waitForTimeout(300);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  if (size) await page.setViewportSize(size);
}

test('a small grid shows its table, heatmap and luck, and its best opens as a backtest in History', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await loadSample(page);
  await nav(page, 'Optimize').click();
  await setRanges(page, ['5', '30', '5'], ['20', '60', '10']);
  await expect(page.getByTestId('variant-count')).toContainText('30 variants');
  await page.getByRole('button', { name: 'Run optimization' }).click();
  await page.waitForURL(/#\/optimize\/[0-9a-f-]{36}$/);

  // fast < slow leaves 26 of the 30 combinations.
  await expect(page.getByTestId('variants-total')).toHaveText('26 variants', { timeout: 60_000 });
  await expect(page.getByTestId('best-panel')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('diagnostics')).toContainText(/With 26 variants tried, a Sharpe of -?\d+\.\d\d has a \d+% chance of being luck/);
  await expect(page.getByTestId('stability')).toContainText('grid neighbours average');
  const heatmap = page.getByTestId('heatmap');
  await expect(heatmap.locator('thead th')).toHaveCount(7);
  await expect(heatmap.locator('tbody tr')).toHaveCount(5);
  await expect(heatmap.locator('td.best-cell')).toHaveCount(1);

  // The table sorts by a column, and the best row (first by objective) opens as a stored run.
  const table = page.getByTestId('variants-table');
  await expect(table.locator('tbody tr')).toHaveCount(26);
  const bestParams = await page.getByTestId('best-params').innerText();
  await table.getByRole('button', { name: 'Trades' }).click();
  await expect(table.locator('th[aria-sort="descending"]')).toContainText('Trades');
  await table.getByRole('button', { name: 'Objective' }).click();
  await expect(table.locator('tbody tr').first()).toHaveClass(/best-row/);
  await snapshot(page, testInfo, 'optimize-grid');
  await table.locator('tbody tr').first().getByRole('button', { name: 'Open as backtest' }).click();
  await page.waitForURL(/#\/backtests\/run\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await expect(page.getByTestId('equity-charts')).toBeVisible();
  await nav(page, 'History').click();
  const [, fast, slow] = /fast = (\d+), slow = (\d+)/.exec(bestParams)!;
  await expect(page.getByText(/variant \d+/).first()).toBeVisible();
  await expect(page.getByRole('main')).toContainText(`${fast}`);
  await expect(page.getByRole('main')).toContainText(`${slow}`);
});

test('a walk-forward and a Monte Carlo run on the sample data', async ({ page }) => {
  test.setTimeout(180_000);
  await loadSample(page);
  await nav(page, 'Optimize').click();
  await page.getByRole('radio', { name: 'Walk-forward' }).check();
  await setRanges(page, ['5', '20', '5'], ['30', '60', '30']);
  await page.getByLabel('In-sample').fill('3M');
  await page.getByLabel('Out-of-sample').fill('2M');
  await page.getByRole('button', { name: 'Run walk-forward' }).click();
  await page.waitForURL(/#\/optimize\/[0-9a-f-]{36}$/);
  const windows = page.getByTestId('windows-table');
  await expect(windows.locator('tbody tr')).toHaveCount(5, { timeout: 90_000 });
  await expect(windows.locator('tbody tr').first()).toContainText('2023-04-02');
  await expect(page.getByTestId('wfe')).toContainText('Walk-forward efficiency');
  await expect(page.getByTestId('stitched-chart')).toBeVisible();

  // A backtest to resample, then its Monte Carlo.
  await nav(page, 'Backtests').click();
  await page.getByRole('combobox', { name: 'Strategy' }).selectOption('sma-cross');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await page.waitForURL(/#\/backtests\/run\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await nav(page, 'Optimize').click();
  await page.getByRole('radio', { name: 'Monte Carlo of a run' }).check();
  await page.getByLabel('Simulations').fill('500');
  await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
  await page.waitForURL(/#\/optimize\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('mc-percentiles')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('mc-percentiles').locator('thead th')).toHaveCount(9);
  await expect(page.getByTestId('mc-threshold')).toContainText('Chance of a drawdown deeper than 20%');
  await expect(page.getByTestId('fan-chart').locator('.recharts-area')).toHaveCount(3);
});

test('a large grid can be cancelled, keeping what it finished', async ({ page }) => {
  test.setTimeout(180_000);
  await loadSample(page);
  await nav(page, 'Optimize').click();
  await setRanges(page, ['2', '200', '1'], ['3', '400', '1']);
  await page.getByRole('button', { name: 'Run optimization' }).click();
  await page.waitForURL(/#\/optimize\/[0-9a-f-]{36}$/);
  const progress = page.getByTestId('optimization-progress');
  await expect(progress).toBeVisible({ timeout: 60_000 });
  await expect(progress).toContainText(/of [\d,]+ variants/);
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('optimization-status')).toContainText(/Cancelled after [\d,]+ of [\d,]+ variants/, { timeout: 30_000 });
  await expect(progress).toHaveCount(0);
  await nav(page, 'Optimize').click();
  await expect(page.getByRole('region', { name: 'Optimizations' })).toContainText('cancelled');
});
