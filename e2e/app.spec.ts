import { PAGES } from '../src-renderer/app/routes';
import { expect, test } from './fixtures';

test('a new user sees the empty state that says what to do first', async ({ page }) => {
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  await expect(page.getByRole('heading', { name: 'Welcome to Barwise' })).toBeVisible();
  await expect(page.getByText('drop a CSV export here')).toBeVisible();
});

test('navigation reaches every page, by mouse and by keyboard', async ({ page }) => {
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const { label } of PAGES) {
    await nav.getByRole('link', { name: label }).click();
    await expect(page.locator('main h1')).toContainText(label === 'Settings' ? 'Settings' : label);
  }
  // Keyboard: the links are reachable with Tab and follow with Enter.
  await nav.getByRole('link', { name: 'Data' }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('main h1')).toHaveText('Strategies');
});

test('Settings shows info from the API and the worker ping', async ({ page, app }) => {
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('info-data-dir')).toHaveText(app.dataDir);
  await expect(page.getByTestId('info-schema-version')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('info-sqlite-version')).toHaveText(/^3\.\d+\.\d+$/);
  await expect(page.getByTestId('info-worker-count')).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByTestId('worker-thread-id')).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByTestId('worker-engine-version')).toHaveText(/^\d+\.\d+\.\d+$/);
});

test('the time limit for strategy code is shown, refused when out of range, saved and kept', async ({ page }) => {
  await page.getByRole('link', { name: 'Settings' }).click();
  const compute = page.getByRole('region', { name: 'Compute' });
  const limit = page.getByTestId('strategy-time-limit-input');
  await expect(limit).toHaveValue('60');
  await limit.fill('0');
  await page.getByTestId('strategy-time-limit-save').click();
  await expect(compute.getByRole('status')).toHaveText('The time limit must be a whole number of seconds from 1 to 86,400.');
  await limit.fill('15');
  await page.getByTestId('strategy-time-limit-save').click();
  await expect(compute.getByRole('status')).toHaveText('Saved. Strategy code started from now on may run for 15 s.');
  await page.reload();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('strategy-time-limit-input')).toHaveValue('15');
});

test('the theme follows the OS and the toggle overrides it', async ({ page }) => {
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: /^Theme: system/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: /^Theme: light/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
