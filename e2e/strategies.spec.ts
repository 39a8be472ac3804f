import type { Locator, Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label });

/** The editor's text area (CodeMirror's content element, named for the strategy). */
const codeArea = (page: Page) => page.getByRole('textbox', { name: /^Code of / });

/** The editor's line `n` (1-based) as drawn. */
const codeLine = (page: Page, n: number): Locator => page.locator('.cm-content .cm-line').nth(n - 1);

async function editorText(page: Page): Promise<string> {
  return page.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n'));
}

/** Puts the cursor at the end of line `n` by keyboard, as a user would. */
async function goToLineEnd(page: Page, n: number): Promise<void> {
  await codeArea(page).focus();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < n; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

async function loadSample(page: Page): Promise<void> {
  await nav(page, 'Data').click();
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.getByText(/Synthetic BTCUSD/).first()).toBeVisible({ timeout: 60_000 });
}

/** New strategy… from a template, under a file name; resolves once its editor is open and checking. */
async function createFromTemplate(page: Page, template: string, id: string): Promise<void> {
  await nav(page, 'Strategies').click();
  await page.getByRole('button', { name: 'New strategy…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New strategy' });
  await dialog.getByLabel('Template').selectOption({ label: template });
  await dialog.getByLabel('File name').fill(id);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(new RegExp(`#/strategies/${id}$`));
  await expect(page.getByText('TypeScript checks as you type')).toBeVisible({ timeout: 30_000 });
}

test('a trader writes a strategy from a template, sees an error at its line, fixes it, runs it and reads the results', async ({ page }) => {
  test.setTimeout(240_000);
  await loadSample(page);
  await createFromTemplate(page, 'Moving-average crossover', 'my-cross');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moving-average crossover');
  await expect(codeArea(page)).toContainText("import { defineStrategy, sma } from 'barwise'");

  // SDK completion: typing the start of an indicator offers the SDK's export, with its documentation.
  const original = await editorText(page);
  const lines = original.split('\n');
  await goToLineEnd(page, 1);
  await page.keyboard.press('Home');
  for (let i = 0; i < 'import {'.length; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.type(' em');
  const completion = page.locator('.cm-tooltip-autocomplete');
  await expect(completion.getByRole('option', { name: /^ema/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('.cm-completionInfo')).toContainText(/Exponential moving average/);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await expect.poll(() => editorText(page)).toBe(original);

  // A typo (one parenthesis too many) where the first crossover closes the position: marked at
  // that line as the user types (TypeScript), and by Barwise once saved.
  const typoLine = lines.findIndex((l) => l.includes('position.close();')) + 1;
  await goToLineEnd(page, typoLine);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(')');
  await expect(page.getByTestId('strategy-status')).toContainText('Unsaved changes');
  const problems = page.getByTestId('problem-list');
  await expect(problems.getByRole('listitem').filter({ hasText: '(TypeScript)' }).first().getByRole('button')).toHaveText(`Line ${typoLine}`);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('strategy-status')).toContainText('Saved. Checking it found 1 problem', { timeout: 30_000 });
  const syntaxError = problems.getByRole('listitem').filter({ hasText: 'Syntax error' });
  await expect(syntaxError).toHaveCount(1);
  await expect(syntaxError.getByRole('button')).toHaveText(`Line ${typoLine}`);
  await expect(codeLine(page, typoLine).locator('.cm-lintRange-error').first()).toBeVisible();
  await expect(page.locator('.cm-gutter-lint .cm-gutterElement').filter({ has: page.locator('.cm-lint-marker-error') }).first()).toBeVisible();
  // Line N in the list puts the cursor on it.
  await syntaxError.getByRole('button').click();
  await expect(codeLine(page, typoLine)).toHaveClass(/cm-activeLine/);
  // The list shows it as not runnable.
  await nav(page, 'Strategies').click();
  await expect(page.getByTestId('strategy-row-my-cross')).toContainText('does not run');
  await page.getByTestId('strategy-row-my-cross').getByRole('link').click();

  // Fixed, saved: no problems, and the look-ahead check passes.
  await expect(page.getByText('TypeScript checks as you type')).toBeVisible({ timeout: 30_000 });
  await goToLineEnd(page, typoLine);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await expect.poll(() => editorText(page)).toBe(original);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('strategy-status')).toContainText('Saved.', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Problems' })).toBeVisible();
  await expect(page.getByTestId('problem-list')).toHaveCount(0);
  await expect(page.getByTestId('look-ahead-status')).toHaveText('Passed', { timeout: 60_000 });

  // Run it: the form opens with it chosen and its declared parameters as fields.
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page).toHaveURL(/#\/backtests\?strategy=my-cross$/);
  await expect(page.getByRole('combobox', { name: 'Strategy' })).toHaveValue('my-cross');
  await expect(page.getByTestId('strategy-description').getByRole('link', { name: 'View its code' })).toHaveAttribute('href', '#/strategies/my-cross');
  await expect(page.getByLabel('fast', { exact: true })).toHaveValue('10');
  await page.getByLabel('fast', { exact: true }).fill('12');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await page.waitForURL(/#\/backtests\/run\/[0-9a-f-]{36}$/, { timeout: 120_000 });
  await expect(page.getByText('my-cross (fast=12, slow=30)')).toBeVisible();
  await expect(page.getByTestId('stat-numTrades')).toHaveText(/^[1-9]\d*$/);
  const mine = { trades: await page.getByTestId('stat-numTrades').textContent(), returnPct: await page.getByTestId('stat-returnPct').textContent() };

  // The template is the built-in SMA crossover's logic: the same settings give the same results.
  await page.getByRole('link', { name: 'New backtest' }).click();
  await page.getByRole('combobox', { name: 'Strategy' }).selectOption('sma-cross');
  await page.getByLabel('Fast period').fill('12');
  await page.getByLabel('Slow period').fill('30');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await page.waitForURL(/#\/backtests\/run\/[0-9a-f-]{36}$/, { timeout: 120_000 });
  await expect(page.getByText('sma-cross (fast=12, slow=30)')).toBeVisible();
  await expect(page.getByTestId('stat-numTrades')).toHaveText(mine.trades!);
  await expect(page.getByTestId('stat-returnPct')).toHaveText(mine.returnPct!);
});

test('a built-in opens read-only, and Duplicate to edit makes an editable copy', async ({ page }) => {
  test.setTimeout(120_000);
  await nav(page, 'Strategies').click();
  const row = page.getByTestId('strategy-row-sma-cross');
  await expect(row).toContainText('Built-in');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(/#\/strategies\/sma-cross$/);
  await expect(page.getByText('Built-in strategies are read-only.')).toBeVisible();
  await expect(codeArea(page)).toHaveAttribute('aria-readonly', 'true');
  const before = await editorText(page);
  expect(before).toContain("from 'barwise'");
  await codeArea(page).focus();
  await page.keyboard.type('typed into a built-in');
  expect(await editorText(page)).toBe(before);
  await expect(page.getByRole('button', { name: /^Save/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Duplicate to edit' }).click();
  const dialog = page.getByRole('dialog', { name: /^Duplicate / });
  await expect(dialog.getByLabel('File name')).toHaveValue('sma-cross-copy');
  await dialog.getByRole('button', { name: 'Duplicate' }).click();
  await expect(page).toHaveURL(/#\/strategies\/sma-cross-copy$/);
  await expect(codeArea(page)).toHaveAttribute('aria-readonly', 'false');
  expect(await editorText(page)).toBe(before);
  await codeArea(page).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n// mine now');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('strategy-status')).toContainText('Saved.', { timeout: 30_000 });

  // Rename it, then delete it (with confirmation); the list follows.
  await page.getByRole('button', { name: 'Rename' }).click();
  const rename = page.getByRole('dialog', { name: /^Rename / });
  await rename.getByLabel('New file name').fill('sma-cross');
  await expect(rename.getByText('There is already a strategy named sma-cross')).toBeVisible();
  await rename.getByLabel('New file name').fill('my-sma');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(page).toHaveURL(/#\/strategies\/my-sma$/);
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete strategy' }).click();
  await expect(page).toHaveURL(/#\/strategies$/);
  await expect(page.getByTestId('strategy-row-my-sma')).toHaveCount(0);
  await expect(page.getByTestId('strategy-row-sma-cross')).toBeVisible();
});

test('a strategy that reaches for the file system or the process fails with a clear error at its line', async ({ page }) => {
  test.setTimeout(240_000);
  await loadSample(page);
  await createFromTemplate(page, 'Moving-average crossover', 'escape');
  const original = (await editorText(page)).split('\n');
  const nextLine = original.findIndex((l) => l.includes('next(')) + 1;
  const escapeLine = nextLine + 1;

  // TypeScript marks the name before anything runs, and says why it is not there.
  await goToLineEnd(page, nextLine);
  await page.keyboard.type("\nconst fs = require('fs'); fs.readFileSync('/etc/passwd');");
  await expect(page.getByTestId('problem-list')).toContainText("Cannot find name 'require': a strategy runs in a sandbox", { timeout: 15_000 });

  // Saved anyway: the sandbox refuses it when the strategy runs (here, the look-ahead check), at its line.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('strategy-status')).toContainText('Saved', { timeout: 30_000 });
  const fsProblem = page
    .getByTestId('problem-list')
    .getByRole('listitem')
    .filter({ hasText: '(Barwise)' })
    .filter({ hasText: "a strategy can import only from 'barwise', not 'fs'" });
  await expect(fsProblem).toHaveCount(1, { timeout: 60_000 });
  await expect(fsProblem.getByRole('button')).toHaveText(`Line ${escapeLine}`);
  await expect(page.getByTestId('look-ahead-status')).toHaveText('1 finding');

  // A backtest with it fails with the sandbox's words, and offers the line in the editor.
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByRole('combobox', { name: 'Strategy' })).toHaveValue('escape');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  const runError = page.getByTestId('run-error');
  await expect(runError).toContainText("a strategy can import only from 'barwise', not 'fs'", { timeout: 60_000 });
  await runError.getByRole('link', { name: `Open strategies/escape.ts at line ${escapeLine}` }).click();
  await expect(page).toHaveURL(new RegExp(`#/strategies/escape\\?line=${escapeLine}`));
  await expect(codeLine(page, escapeLine)).toHaveClass(/cm-activeLine/, { timeout: 30_000 });

  // The same with `process`.
  await goToLineEnd(page, escapeLine);
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type('process.exit(1);');
  await expect(page.getByTestId('problem-list')).toContainText("Cannot find name 'process': a strategy runs in a sandbox", { timeout: 15_000 });
  await page.keyboard.press('Control+s');
  const processProblem = page
    .getByTestId('problem-list')
    .getByRole('listitem')
    .filter({ hasText: '(Barwise)' })
    .filter({ hasText: 'process is not available to a strategy: it runs sandboxed' });
  await expect(processProblem).toHaveCount(1, { timeout: 60_000 });
  await expect(processProblem.getByRole('button')).toHaveText(`Line ${escapeLine}`);
});

test('leaving unsaved changes asks first', async ({ page }) => {
  await createFromTemplate(page, 'Blank', 'draft');
  await codeArea(page).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n// not saved yet');
  await nav(page, 'Data').click();
  const dialog = page.getByRole('dialog', { name: 'Unsaved changes' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(page).toHaveURL(/#\/strategies\/draft$/);
  await expect(codeArea(page)).toContainText('// not saved yet');
  await nav(page, 'Data').click();
  await page.getByRole('dialog', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save and leave' }).click();
  await expect(page).toHaveURL(/#\/data$/);
  await nav(page, 'Strategies').click();
  await page.getByTestId('strategy-row-draft').getByRole('link').click();
  await expect(codeArea(page)).toContainText('// not saved yet');
});

test('an edit made in another editor shows up in the open one', async ({ page, app }) => {
  await createFromTemplate(page, 'Blank', 'outside');
  const file = join(app.dataDir, 'strategies', 'outside.ts');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain("name: 'My strategy'");
  writeFileSync(file, text.replace("name: 'My strategy'", "name: 'Edited elsewhere'"));
  await expect(page.getByTestId('strategy-status')).toContainText('Reloaded: strategies/outside.ts changed on disk.', { timeout: 30_000 });
  await expect(codeArea(page)).toContainText("name: 'Edited elsewhere'");
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edited elsewhere');

  // With unsaved changes in the editor, the user chooses.
  await codeArea(page).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n// mine');
  writeFileSync(file, text.replace("name: 'My strategy'", "name: 'Edited again'"));
  const notice = page.getByRole('alert').filter({ hasText: 'changed on disk while you were editing it' });
  await expect(notice).toBeVisible({ timeout: 30_000 });
  await notice.getByRole('button', { name: 'Keep mine' }).click();
  await expect(codeArea(page)).toContainText('// mine');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('strategy-status')).toContainText('Saved', { timeout: 30_000 });
  expect(readFileSync(file, 'utf8')).toContain('// mine');
});

test('a run keeps the code it ran: Reproduce says when the strategy changed since, and deleting the strategy keeps the run', async ({ page }) => {
  test.setTimeout(240_000);
  await loadSample(page);
  await createFromTemplate(page, 'Moving-average crossover', 'kept');
  await expect(page.getByTestId('look-ahead-status')).toHaveText('Passed', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByRole('combobox', { name: 'Strategy' })).toHaveValue('kept');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await page.waitForURL(/#\/backtests\/run\/[0-9a-f-]{36}$/, { timeout: 120_000 });
  const runId = /run\/([0-9a-f-]{36})$/.exec(page.url())![1]!;

  // The strategy changes after the run.
  await nav(page, 'Strategies').click();
  await page.getByTestId('strategy-row-kept').getByRole('link').click();
  await expect(page.getByText('TypeScript checks as you type')).toBeVisible({ timeout: 30_000 });
  await codeArea(page).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n// tuned later');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('strategy-status')).toContainText('Saved.', { timeout: 30_000 });

  // Reproduce reruns what the run recorded, bit-identical, and says the file has changed since.
  await nav(page, 'History').click();
  const row = page.locator(`[data-testid=history-row][data-run-id="${runId}"]`);
  await row.getByRole('button', { name: 'Reproduce' }).click();
  await expect(page.getByTestId('row-status').first()).toHaveText(
    /^Reproduced: bit-identical \(hash [0-9a-f]{12}…\)\. The strategy's code has changed since this run; it reran the code the run recorded\.$/,
    { timeout: 120_000 },
  );

  // Deleting the strategy keeps its runs.
  await nav(page, 'Strategies').click();
  await page.getByTestId('strategy-row-kept').getByRole('button', { name: 'Delete Moving-average crossover' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete strategy' }).click();
  await expect(page.getByTestId('strategy-row-kept')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Runs made with it keep their results' })).toBeVisible();
  await nav(page, 'History').click();
  await expect(page.locator(`[data-testid=history-row][data-run-id="${runId}"]`)).toBeVisible();
  await page.locator(`[data-testid=history-row][data-run-id="${runId}"]`).getByRole('link').click();
  await expect(page.getByTestId('stat-numTrades')).toHaveText(/^\d+$/);
});
