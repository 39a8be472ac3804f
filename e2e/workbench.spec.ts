import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { connect, type Connection } from '../src-shared/rpc/connect';
import { socketTransport, type SocketLike } from '../src-shared/rpc/socket-transport';
import { expect, test, type AppUnderTest } from './fixtures';

/** The trader's workbench: every setting in the form, Edit & rerun, a reload, presets, and why a run has no trades. */

test.skip(({ app }) => app.mode !== 'shell', 'reads the stored runs through a second client of the browser shell');

async function sideClient(app: AppUnderTest): Promise<Connection> {
  const origin = app.origin ?? '';
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${app.token}`, { headers: { Origin: origin } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return connect(socketTransport(socket as unknown as SocketLike));
}

const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label });
const field = (scope: Page | Locator, label: string) => scope.getByLabel(label, { exact: true });

async function loadSample(page: Page) {
  await nav(page, 'Data').click();
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.getByTestId('dataset-row')).toHaveCount(1, { timeout: 60_000 });
}

/** Every setting the form has, away from its default. */
const SETTINGS: readonly [label: string, value: string][] = [
  ['Timeframe', '4h'],
  ['From (UTC)', '2023-02-01'],
  ['To (UTC)', '2023-05-31'],
  ['Fast period', '7'],
  ['Slow period', '25'],
  ['Commission (% of value)', '0.1'],
  ['Commission (fixed per order)', '1.5'],
  ['Slippage', 'ticks'],
  ['Slippage (ticks)', '2'],
  ['Tick size', '0.5'],
  ['Spread (% of price)', '0.02'],
  ['Initial cash', '25000'],
  ['Sizing', 'fixed-cash'],
  ['Amount (cash)', '5000'],
  ['Leverage (×)', '2'],
  ['Direction', 'long-only'],
  ['Stop loss', 'atr'],
  ['Stop loss (× ATR)', '1.5'],
  ['ATR period (bars)', '20'],
  ['Take profit', 'percent'],
  ['Take profit (% from entry)', '6'],
  ['Trailing stop', 'percent'],
  ['Trailing stop (% from entry)', '3'],
  ['Risk-free rate (% a year)', '2.5'],
];
const CHECKBOXES: readonly [label: string, checked: boolean][] = [
  ['Fractional units', true],
  ['Trade on close', true],
  ['Close at end', false],
];

async function setEverything(page: Page) {
  await page.getByRole('combobox', { name: 'Strategy' }).selectOption('sma-cross');
  for (const [label, value] of SETTINGS) {
    const control = field(page, label);
    if ((await control.evaluate((el) => el.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
  for (const [label, checked] of CHECKBOXES) await field(page, label).setChecked(checked);
}

async function expectEverything(page: Page) {
  await expect(page.getByRole('combobox', { name: 'Strategy' })).toHaveValue('sma-cross');
  for (const [label, value] of SETTINGS) await expect(field(page, label), label).toHaveValue(value);
  for (const [label, checked] of CHECKBOXES) await expect(field(page, label), label).toBeChecked({ checked });
}

async function run(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await page.waitForURL(/#\/backtests\/run\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  return /run\/([0-9a-f-]{36})$/.exec(page.url())![1];
}

test('Edit & rerun restores every setting; the form survives a reload; New backtest starts from the run', async ({ page, app }) => {
  test.setTimeout(120_000);
  await loadSample(page);
  await nav(page, 'Backtests').click();
  // The sample is (synthetic) bitcoin: fractional units are proposed.
  await expect(field(page, 'Fractional units')).toBeChecked();
  await expect(page.getByTestId('units-hint')).toContainText('looks like crypto');

  await setEverything(page);
  await page.reload();
  await expectEverything(page);

  const first = await run(page);
  await page.getByRole('link', { name: 'Edit & rerun' }).click();
  await expectEverything(page);
  // And after a reload there too (the run's query is gone, the form is kept).
  await page.reload();
  await expectEverything(page);
  const second = await run(page);
  expect(second).not.toBe(first);

  // The rerun recorded the very same config, dataset and timeframe.
  const side = await sideClient(app);
  try {
    const [a, b] = await Promise.all([side.client.runs.get({ id: first }), side.client.runs.get({ id: second })]);
    expect(b.config).toEqual(a.config);
    expect([b.datasetId, b.timeframe]).toEqual([a.datasetId, a.timeframe]);
    expect(a.config).toMatchObject({ leverage: 2, riskFreeRate: 0.025, stopLoss: { kind: 'atr', multiple: 1.5, period: 20 }, closeAtEnd: false, tradeOnClose: true });
  } finally {
    side.close();
  }

  // "New backtest" on a run page starts from that run, and so does History's Edit & rerun.
  await page.getByRole('link', { name: 'New backtest' }).click();
  await expectEverything(page);
  await nav(page, 'History').click();
  await page.getByRole('button', { name: /^Edit and rerun/ }).first().click();
  await expectEverything(page);
});

test('a preset round-trips: save, change, load, rename, export, delete, import', async ({ page }) => {
  test.setTimeout(120_000);
  await loadSample(page);
  await nav(page, 'Backtests').click();
  await setEverything(page);
  const presets = page.getByRole('group', { name: 'Presets' });
  await presets.getByLabel('Preset name').fill('Wide stops');
  await presets.getByRole('button', { name: 'Save preset' }).click();
  await expect(page.getByTestId('preset-status')).toHaveText('Saved "Wide stops"');

  // Change settings, then load the preset: every setting but the window comes back (the window is the dataset's).
  await field(page, 'Fast period').fill('12');
  await field(page, 'Leverage (×)').fill('1');
  await field(page, 'Stop loss').selectOption('none');
  await field(page, 'Trade on close').setChecked(false);
  await presets.getByLabel('Preset', { exact: true }).selectOption({ label: 'Wide stops' });
  await expect(page.getByTestId('preset-status')).toHaveText('Loaded "Wide stops"');
  await expectEverything(page);

  await presets.getByLabel('Preset name').fill('Wider stops');
  await presets.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByTestId('preset-status')).toHaveText('Renamed "Wide stops" to "Wider stops"');
  const [download] = await Promise.all([page.waitForEvent('download'), presets.getByRole('button', { name: 'Export' }).click()]);
  expect(download.suggestedFilename()).toBe('presets-sma-cross.json');
  const path = await download.path();
  expect(JSON.parse(readFileSync(path, 'utf8')).presets.map((p: { name: string }) => p.name)).toEqual(['Wider stops']);

  await presets.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('preset-status')).toHaveText('Deleted "Wider stops"');
  await expect(presets.getByLabel('Preset', { exact: true }).locator('option')).toHaveText(['— none saved —']);

  await field(page, 'Fast period').fill('12');
  await page.getByTestId('preset-import-file').setInputFiles(path);
  await expect(page.getByTestId('preset-status')).toHaveText(/^Imported 1 preset from /);
  await presets.getByLabel('Preset', { exact: true }).selectOption({ label: 'Wider stops' });
  await expectEverything(page);
});

test('a whole-unit crypto run says why it has no trades', async ({ page }) => {
  test.setTimeout(120_000);
  // Bitcoin-like bars: one unit costs 16,512 at the cheapest, more than the 10,000 of cash.
  const lines = ['time,open,high,low,close,volume'];
  for (let i = 0; i < 200; i++) {
    const open = 16_512 + (i % 5) * 25;
    lines.push(`${new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString()},${open},${open + 20},${open - 20},${open + 5},1.5`);
  }
  await nav(page, 'Data').click();
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'BTCUSDT-1h.csv', { type: 'text/csv' }));
    return dt;
  }, `${lines.join('\n')}\n`);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  const card = page.getByRole('article', { name: 'Import of BTCUSDT-1h.csv' });
  await expect(card.getByTestId('import-phase')).toHaveText('Done', { timeout: 60_000 });
  await expect(card.getByRole('link', { name: 'Backtest this dataset' })).toBeVisible();

  // From the dataset's page: the form opens on it, proposing fractional units; the user turns them off.
  await page.getByTestId('dataset-name').first().click();
  await page.getByTestId('dataset-detail').getByRole('link', { name: 'Backtest this dataset' }).click();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toContainText('BTCUSDT');
  await expect(field(page, 'Fractional units')).toBeChecked();
  await expect(page.getByTestId('units-hint')).toContainText('BTCUSDT: it looks like crypto');
  await page.getByRole('combobox', { name: 'Strategy' }).selectOption('buy-and-hold');
  await field(page, 'Fractional units').setChecked(false);
  await run(page);

  await expect(page.getByTestId('headline-numTrades')).toHaveText('0');
  await expect(page.getByTestId('no-trades-reason')).toHaveText(
    'No trades. No order could be filled: one unit costs at least 16,512 and 9,999 was available, while units are whole — turn on fractional units, or raise the cash or the leverage.',
  );
});
