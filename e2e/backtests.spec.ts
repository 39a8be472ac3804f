import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Download, Page, TestInfo } from '@playwright/test';
import type { RunSummary } from '../src-shared/api/runs';
import { STAT_DEFINITIONS } from '../src-shared/backtest';
import { formatStatValue } from '../src-renderer/components/charts/format';
import { expect, test } from './fixtures';

const HEADLINES = ['returnPct', 'cagrPct', 'sharpe', 'maxDrawdownPct', 'winRatePct', 'moneyProfitFactor', 'sqn', 'numTrades'] as const;

/** The runs as the CLI reads them from the same data dir: the API's numbers, not the page's. */
function cliRuns(dataDir: string): { runs: RunSummary[]; total: number } {
  const out = execFileSync('node_modules/.bin/tsx', ['src-main/cli/main.ts', 'runs', '--json', '--limit', '50', '--data-dir', dataDir], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out.slice(out.indexOf('{'))) as { runs: RunSummary[]; total: number };
}

async function downloadText(page: Page, button: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = await download.path();
  return { download, bytes: readFileSync(path) };
}

const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label });

/** A screenshot of the whole view (the content pane scrolls, so a tall viewport stands in for fullPage). */
async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1400, height: 3200 });
  await page.waitForTimeout(300);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  if (size) await page.setViewportSize(size);
}

async function runFromForm(page: Page, fast: string, slow: string): Promise<string> {
  await nav(page, 'Backtests').click();
  await page.getByRole('combobox', { name: 'Strategy' }).selectOption('sma-cross');
  await page.getByLabel('Fast period').fill(fast);
  await page.getByLabel('Slow period').fill(slow);
  await page.getByLabel('Slow period').press('Control+Enter');
  await page.waitForURL(/#\/backtests\/run\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  return /run\/([0-9a-f-]{36})$/.exec(page.url())![1];
}

test('a backtest runs from the form, shows the API statistics and charts, exports, compares and deletes', async ({ page, app }, testInfo) => {
  test.setTimeout(240_000);

  // Data: the sample dataset, through the Data page.
  await nav(page, 'Data').click();
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.getByText(/Synthetic BTCUSD/).first()).toBeVisible({ timeout: 60_000 });

  // The form: strategy with its description, a cross-parameter error shown beside both fields, then fixed.
  await nav(page, 'Backtests').click();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toContainText('Synthetic BTCUSD');
  await page.getByRole('combobox', { name: 'Strategy' }).selectOption('sma-cross');
  await expect(page.getByTestId('strategy-description')).toContainText('fast simple moving average');
  await page.getByLabel('Fast period').fill('40');
  await page.getByLabel('Slow period').fill('30');
  await expect(page.getByTestId('error-bt-param-fast')).toHaveText('Fast period (40) must be less than Slow period (30)');
  await expect(page.getByTestId('error-bt-param-slow')).toHaveText('Fast period (40) must be less than Slow period (30)');
  await expect(page.getByLabel('Fast period')).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page).toHaveURL(/#\/backtests$/);
  await page.getByLabel('Initial cash').fill('-5');
  await expect(page.getByTestId('error-bt-cash')).toContainText('Initial cash');
  await page.getByLabel('Initial cash').fill('10000');
  await page.getByLabel('Fast period').fill('10');
  await expect(page.getByTestId('error-bt-param-fast')).toHaveCount(0);
  await expect(page.getByTestId('error-bt-cash')).toHaveCount(0);

  // Run with the keyboard; the inline progress appears, then the result opens.
  // A run of the sample takes well under a second: a page-side observer records that progress showed.
  await page.evaluate(`new MutationObserver(() => {
    if (document.querySelector('[data-testid=run-progress]')) window.sawProgress = true;
  }).observe(document.body, { childList: true, subtree: true })`);
  await page.getByLabel('Slow period').press('Control+Enter');
  await page.waitForURL(/#\/backtests\/run\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  expect(await page.evaluate('window.sawProgress === true')).toBe(true);
  const runId = /run\/([0-9a-f-]{36})$/.exec(page.url())![1];

  // Headline cards and the full table equal the stored run, as the CLI reads it.
  const stored = cliRuns(app.dataDir).runs.find((r) => r.id === runId);
  expect(stored, 'the CLI lists the run the page opened').toBeDefined();
  expect(stored!.stats.numTrades).toBeGreaterThan(0);
  for (const key of HEADLINES) {
    const def = STAT_DEFINITIONS.find((d) => d.key === key)!;
    await expect(page.getByTestId(`headline-${key}`)).toHaveText(formatStatValue(def.unit, stored!.stats[key]));
  }
  for (const def of STAT_DEFINITIONS) {
    await expect(page.getByTestId(`stat-${def.key}`)).toHaveText(formatStatValue(def.unit, stored!.stats[def.key]));
  }
  await expect(page.getByRole('rowheader', { name: 'SQN' })).toHaveAttribute('title', /System Quality Number/);

  // Every chart is drawn.
  const drawn = (testId: string, selector: string) => page.getByTestId(testId).locator(selector).first();
  await expect(drawn('chart-equity', 'path.recharts-curve')).toHaveAttribute('d', /^M/);
  await expect(drawn('chart-drawdown', 'path.recharts-area-area')).toHaveAttribute('d', /^M/);
  await expect(drawn('chart-brush', 'path')).toHaveAttribute('d', /^M/);
  await expect(drawn('chart-price', 'path.recharts-curve')).toHaveAttribute('d', /^M/);
  await expect(page.getByTestId('trade-markers').locator('path').first()).toBeAttached();
  await expect(drawn('chart-histogram', '.recharts-bar-rectangle path')).toHaveAttribute('d', /^M/);
  await expect(page.getByTestId('monthly-returns').locator('tbody tr')).not.toHaveCount(0);
  await snapshot(page, testInfo, 'results-light');

  // Trades: sort by P&L both ways; a click centres the price chart (candles) on the trade.
  const table = page.getByTestId('trades-table');
  const pnlHeader = table.getByRole('columnheader', { name: /P&L/ });
  // The virtualizer renders rows in index order, so DOM order is the visual order.
  const firstPnls = async () => {
    const body = table.locator('.vtable-body [role=row]');
    const values: number[] = [];
    for (let i = 0; i < 3; i++) values.push(Number((await body.nth(i).getByRole('cell').nth(7).textContent())!.replace(/,/g, '')));
    return values;
  };
  await pnlHeader.getByRole('button').click();
  await expect(pnlHeader).toHaveAttribute('aria-sort', 'ascending');
  let pnls = await firstPnls();
  expect(pnls[0]).toBeLessThanOrEqual(pnls[1]);
  expect(pnls[0]).toBeCloseTo(stored!.stats.largestLossPnl ?? pnls[0], 2);
  await pnlHeader.getByRole('button').click();
  await expect(pnlHeader).toHaveAttribute('aria-sort', 'descending');
  pnls = await firstPnls();
  expect(pnls[0]).toBeGreaterThanOrEqual(pnls[1]);
  await table.locator('.vtable-body [role=row]').first().click();
  await expect(page.getByTestId('zoom-state')).toContainText('→');
  await expect(page.getByTestId('chart-price')).toHaveAttribute('data-mode', 'candles');
  await expect(page.getByTestId('chart-price').locator('.candles rect').first()).toBeAttached();
  await page.getByRole('button', { name: 'Reset zoom' }).click();
  await expect(page.getByTestId('zoom-state')).toContainText('Whole run');

  // Exports.
  const tradesCsv = await downloadText(page, 'Trades CSV');
  expect(tradesCsv.download.suggestedFilename()).toMatch(/\.csv$/);
  expect(tradesCsv.bytes.toString('utf8').split('\n').filter(Boolean).length).toBe(stored!.stats.numTrades + 1);
  const equityCsv = await downloadText(page, 'Equity CSV');
  expect(equityCsv.bytes.toString('utf8').split('\n').filter(Boolean).length).toBeGreaterThan(1000);
  const json = await downloadText(page, 'JSON');
  expect(json.download.suggestedFilename()).toMatch(/\.json$/);
  const exported = JSON.parse(json.bytes.toString('utf8')) as { run: { name: string; stats: { returnPct: number } }; trades: unknown[] };
  expect(exported.run.name).toBe(stored!.name);
  expect(exported.run.stats.returnPct).toBe(stored!.stats.returnPct);
  expect(exported.trades.length).toBe(stored!.stats.numTrades);
  const pdf = await downloadText(page, 'PDF report');
  expect(pdf.download.suggestedFilename()).toMatch(/\.pdf$/);
  expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');

  // Dark theme screenshot of the same view.
  await page.getByRole('button', { name: /^Theme: system/ }).click();
  await page.getByRole('button', { name: /^Theme: light/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await snapshot(page, testInfo, 'results-dark');

  // The form remembers the last settings for the strategy.
  await nav(page, 'Backtests').click();
  await expect(page.getByLabel('Fast period')).toHaveValue('10');

  // A second run, then History: reproduce, compare both, delete one.
  const secondId = await runFromForm(page, '5', '20');
  expect(secondId).not.toBe(runId);
  await nav(page, 'History').click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  const first = page.locator(`[data-testid=history-row][data-run-id="${runId}"]`);
  await first.getByRole('button', { name: 'Reproduce' }).click();
  await expect(page.getByTestId('row-status')).toContainText('bit-identical', { timeout: 60_000 });
  await expect(rows).toHaveCount(3);

  await page.locator(`[data-testid=history-row][data-run-id="${runId}"]`).getByRole('checkbox').check();
  await page.locator(`[data-testid=history-row][data-run-id="${secondId}"]`).getByRole('checkbox').check();
  await page.getByRole('button', { name: /^Compare/ }).click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByTestId('compare-equity').locator('path.recharts-curve')).toHaveCount(2);
  await expect(page.getByTestId('compare-drawdown').locator('path.recharts-curve')).toHaveCount(2);
  await expect(page.getByTestId('compare-table').locator('td[data-best]').first()).toBeVisible();
  await snapshot(page, testInfo, 'compare-dark');

  await page.getByRole('link', { name: 'Back to History' }).click();
  await page.locator(`[data-testid=history-row][data-run-id="${secondId}"]`).getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this run?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete run' }).click();
  await expect(rows).toHaveCount(2);
  await expect(page.locator(`[data-testid=history-row][data-run-id="${secondId}"]`)).toHaveCount(0);
  await snapshot(page, testInfo, 'history-dark');
  expect(cliRuns(app.dataDir).runs.map((r) => r.id)).not.toContain(secondId);
});
