import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures-data', name), 'utf8');

/** Drops files on the Data view the way a browser does: dragenter, dragover, drop with a DataTransfer. */
async function dropFiles(page: Page, files: readonly { name: string; text: string }[]) {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/csv' }));
    return dt;
  }, files);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await expect(zone).toHaveClass(/dragging/);
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(zone).not.toHaveClass(/dragging/);
}

const importCard = (page: Page, fileName: string) => page.getByRole('article', { name: `Import of ${fileName}` });

test('a dropped CSV becomes a dataset with its report and chart; a bad CSV changes nothing', async ({ page }) => {
  await expect(page.getByRole('heading', { name: 'Welcome to Barwise' })).toBeVisible();
  await dropFiles(page, [{ name: 'ETHUSD-1h.csv', text: fixture('good-1h.csv') }]);

  const card = importCard(page, 'ETHUSD-1h.csv');
  await expect(card.getByTestId('import-phase')).toHaveText('Done');
  await expect(card.getByTestId('report-bars')).toHaveText('48');
  await expect(card.getByTestId('report-bad-rows')).toHaveText('0');

  const rows = page.getByTestId('dataset-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('dataset-bars')).toHaveText('48');
  await expect(rows.first()).toContainText('ETHUSD');
  await expect(rows.first()).toContainText('1h');

  // Details: the stored report and a drawn price chart.
  await rows.first().getByTestId('dataset-name').click();
  await expect(page.getByTestId('detail-bars')).toHaveText('48');
  await expect(page.getByTestId('chart-resolution')).toContainText('48 bars shown');
  await expect(page.getByTestId('chart-resolution')).toContainText('candles');
  await expect(page.locator('.price-chart .candle')).toHaveCount(48);
  const line = page.locator('.price-chart path.recharts-curve').first();
  await expect(line).toHaveAttribute('d', /^M[\d.-]+,[\d.-]+L/);
  await expect(page.getByRole('region', { name: 'Import report' }).getByTestId('report-rows-read')).toHaveText('48');

  // The same bytes again: offered as already imported, nothing new stored.
  await dropFiles(page, [{ name: 'ETHUSD-1h-again.csv', text: fixture('good-1h.csv') }]);
  await expect(importCard(page, 'ETHUSD-1h-again.csv').getByTestId('already-imported')).toBeVisible();

  // A CSV with mostly unreadable rows: a report that says why, and the catalog unchanged.
  await dropFiles(page, [{ name: 'broken.csv', text: fixture('bad-rows.csv') }]);
  const bad = importCard(page, 'broken.csv');
  await expect(bad.getByTestId('import-phase')).toHaveText('Not imported');
  await expect(bad.getByTestId('import-error')).toContainText(/rows are bad/);
  await expect(bad.getByTestId('bad-rows').locator('tbody tr').first()).toContainText('3');

  await page.getByRole('link', { name: 'All datasets' }).click();
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
});

test('several files dropped at once are imported one after the other', async ({ page }) => {
  await expect(page.getByRole('heading', { name: 'Welcome to Barwise' })).toBeVisible();
  const good = fixture('good-1h.csv');
  // A second, different dataset: the same rows shifted by a year.
  const shifted = good.replaceAll('2024-01-', '2023-01-');
  await dropFiles(page, [
    { name: 'AAA-1h.csv', text: good },
    { name: 'BBB-1h.csv', text: shifted },
  ]);
  await expect(importCard(page, 'AAA-1h.csv').getByTestId('import-phase')).toHaveText('Done');
  await expect(importCard(page, 'BBB-1h.csv').getByTestId('import-phase')).toHaveText('Done');
  await expect(page.getByTestId('dataset-row')).toHaveCount(2);

  // Filter by symbol, then sort by name both ways.
  await page.getByLabel('Filter by symbol').fill('bbb');
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
  await expect(page.getByTestId('dataset-row')).toContainText('BBB');
  await page.getByLabel('Filter by symbol').fill('');
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page.getByTestId('dataset-name').first()).toContainText('AAA');
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page.getByTestId('dataset-name').first()).toContainText('BBB');
});

test('unsure day/month order asks first, shows the rows as parsed, then imports', async ({ page }) => {
  await expect(page.getByRole('heading', { name: 'Welcome to Barwise' })).toBeVisible();
  await dropFiles(page, [{ name: 'EURUSD-daily.csv', text: fixture('ambiguous-dates.csv') }]);
  const card = importCard(page, 'EURUSD-daily.csv');
  await expect(card.getByTestId('import-phase')).toHaveText('Needs your check');
  const panel = card.getByRole('region', { name: /Check how/ });
  await expect(panel.getByRole('table', { name: 'First rows as parsed' }).locator('tbody tr')).toHaveCount(12);
  const importButton = panel.getByRole('button', { name: 'Import' });
  await expect(importButton).toBeDisabled();

  await panel.getByLabel('Date order').selectOption('MDY');
  // Month first: "05/06/2024" is May 6th; day first, June 5th.
  const firstRow = panel.getByRole('table', { name: 'First rows as parsed' }).locator('tbody tr').first();
  await expect(firstRow).toContainText('2024-05-06 00:00');
  await panel.getByLabel('Date order').selectOption('DMY');
  await expect(firstRow).toContainText('2024-06-05 00:00');
  await expect(importButton).toBeEnabled();
  await importButton.click();

  await expect(card.getByTestId('import-phase')).toHaveText('Done');
  await expect(card.getByTestId('report-bars')).toHaveText('12');
  const row = page.getByTestId('dataset-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('1h');
  await expect(row).toContainText('2024-06-05 00:00');
});

test('sample data loads from the empty state; rename; delete after confirming', async ({ page }) => {
  await page.getByRole('button', { name: 'Load sample data' }).click();
  const row = page.getByTestId('dataset-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('dataset-bars')).toHaveText('8,760');
  await expect(row).toContainText('sample');

  // Rename in place (keyboard: type, Enter).
  await row.getByRole('button', { name: /^Rename/ }).click();
  const input = row.getByLabel('New name');
  await input.fill('My practice data');
  await input.press('Enter');
  await expect(row.getByTestId('dataset-name')).toHaveText('My practice data');
  await page.reload();
  await expect(page.getByTestId('dataset-name')).toHaveText('My practice data');

  // Zoom the chart in until it draws candles: each step re-queries a narrower range.
  await page.getByTestId('dataset-name').click();
  await expect(page.getByTestId('chart-resolution')).toContainText('8,760 bars shown');
  await expect(page.getByTestId('chart-resolution')).toContainText('close line');
  for (let i = 0; i < 10 && !(await page.getByTestId('chart-resolution').textContent())?.includes('candles'); i++) {
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect(page.getByTestId('chart-resolution')).not.toContainText('8,760 bars shown');
  }
  await expect(page.getByTestId('chart-resolution')).toContainText('candles');
  await expect(page.locator('.price-chart .candle').first()).toBeVisible();
  await page.getByRole('button', { name: 'Show all' }).click();
  await expect(page.getByTestId('chart-resolution')).toContainText('8,760 bars shown');

  // Resampled on demand: the year of hourly bars as 365 daily ones, then back.
  await page.getByTestId('chart-timeframe').selectOption('1d');
  await expect(page.getByTestId('chart-resolution')).toContainText('365 bars shown');
  await page.getByTestId('chart-timeframe').selectOption('');
  await expect(page.getByTestId('chart-resolution')).toContainText('8,760 bars shown');

  // Delete: a confirmation that says what happens to backtests; cancelling keeps it.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('keep their results');
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete dataset' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Barwise' })).toBeVisible();
  await expect(page.getByTestId('dataset-row')).toHaveCount(0);
});

test('the Import… button opens a file picker that imports the chosen file', async ({ page }) => {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles({ name: 'SOLUSD-1h.csv', mimeType: 'text/csv', buffer: Buffer.from(fixture('good-1h.csv')) });
  await expect(importCard(page, 'SOLUSD-1h.csv').getByTestId('import-phase')).toHaveText('Done');
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
});
