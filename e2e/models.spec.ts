import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import type { FeatureImportance } from '../src-shared/ml/results';
import { expect, test } from './fixtures';

const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label });

/** A model's importance as the CLI reads it from the same data dir: the API's order, not the page's. */
function cliImportance(dataDir: string, id: string): FeatureImportance[] {
  const out = execFileSync('node_modules/.bin/tsx', ['src-main/cli/main.ts', 'model', 'importance', id, '--json', '--data-dir', dataDir], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.slice(out.indexOf('['))) as FeatureImportance[];
}

const modelIdOf = (page: Page) => /#\/models\/([0-9a-f-]{36})/.exec(page.url())![1];

async function waitCompleted(page: Page): Promise<void> {
  await expect(page.getByTestId('model-status')).toHaveText('completed', { timeout: 90_000 });
}

test('trains a model on the sample, shows its metrics and importance, trains a child from its top 5 features and shows the lineage', async ({ page, app }) => {
  test.setTimeout(240_000);
  await nav(page, 'Data').click();
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.getByText(/Synthetic BTCUSD/).first()).toBeVisible({ timeout: 60_000 });

  await nav(page, 'Models').click();
  await expect(page.getByRole('region', { name: 'No models yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Train a model' }).click();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toContainText('Synthetic BTCUSD');
  // Six catalog features by default (seven columns: the hour is a sine and a cosine).
  await expect(page.getByTestId('feature-row')).toHaveCount(6);
  // A bad value comes back from the API beside its field, and nothing is trained.
  await page.getByRole('textbox', { name: 'RSI period' }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('feature-row').first().getByRole('alert')).toContainText('must be an integer from 2 to 10000, got 1');
  await page.getByRole('textbox', { name: 'RSI period' }).fill('14');
  await page.getByLabel('rounds').fill('40');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForURL(/#\/models\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const parentId = modelIdOf(page);
  await waitCompleted(page);

  // Metrics on validation and test, the confusion matrix, the importance chart with a bar per column.
  const accuracy = page.getByTestId('metric-Accuracy');
  await expect(accuracy.locator('td').nth(1)).toHaveText(/^0\.\d{4}$/);
  await expect(page.getByTestId('confusion-matrix')).toContainText('not up');
  const chart = page.getByTestId('importance-chart');
  await expect(chart.locator('.recharts-bar-rectangle')).toHaveCount(7);
  const ranked = cliImportance(app.dataDir, parentId);
  await expect(chart.getByTestId('importance-feature')).toHaveText(ranked.map((f) => f.feature));
  await expect(page.getByTestId('calibration-chart')).toBeVisible();
  await expect(page.getByTestId('model-fingerprint')).toHaveText(/^[0-9a-f]{64}$/);

  // A child from the top 5 by gain: exactly those features, and the lineage as a tree.
  await expect(page.getByRole('spinbutton', { name: 'Number of top features' })).toHaveValue('5');
  await page.getByRole('button', { name: 'Train child from top features' }).click();
  await page.waitForURL((url) => /#\/models\/[0-9a-f-]{36}$/.test(url.toString()) && !url.toString().includes(parentId), { timeout: 30_000 });
  const childId = modelIdOf(page);
  await waitCompleted(page);
  const top5 = ranked.slice(0, 5).map((f) => f.feature);
  await expect(page.getByTestId('importance-chart').locator('.recharts-bar-rectangle')).toHaveCount(5);
  expect(cliImportance(app.dataDir, childId).map((f) => f.feature).sort()).toEqual([...top5].sort());
  await expect(page.getByTestId('model-config')).toContainText(`Whitelist${top5.join(', ')}`);
  const tree = page.getByTestId('lineage-tree');
  const root = tree.locator(`[data-testid="lineage-node"][data-model-id="${parentId}"]`);
  await expect(root).toBeVisible();
  await expect(root.locator(`[data-testid="lineage-node"][data-model-id="${childId}"]`)).toContainText('child');
  // The parent is a link in the child's lineage; on the parent's page the child is one.
  await root.getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`#/models/${parentId}$`));
  await expect(page.getByTestId('lineage-tree').locator(`[data-model-id="${childId}"]`).getByRole('link')).toBeVisible();

  // The list: both models with their metrics; delete all, after confirming.
  await page.getByRole('link', { name: 'All models' }).click();
  await expect(page.getByTestId('model-row')).toHaveCount(2);
  await expect(page.getByTestId('model-row').first()).toContainText('completed');
  await page.getByRole('button', { name: 'Delete all…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete all models' }).click();
  await expect(page.getByRole('region', { name: 'No models yet' })).toBeVisible();
});
