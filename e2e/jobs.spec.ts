import { WebSocket } from 'ws';
import type { BarwiseClient } from '../src-shared/api';
import { connect, type Connection } from '../src-shared/rpc/connect';
import { socketTransport, type SocketLike } from '../src-shared/rpc/socket-transport';
import { expect, test, type AppUnderTest } from './fixtures';

/**
 * A second front end on the same shell (as another browser tab would be): it starts jobs, and the
 * page under test must show them live from main's events, without a reload.
 */
async function sideClient(app: AppUnderTest): Promise<Connection> {
  const origin = app.origin ?? '';
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${app.token}`, { headers: { Origin: origin } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return connect(socketTransport(socket as unknown as SocketLike));
}

const backtest = (api: BarwiseClient, datasetId: string) =>
  api.backtests.run({ datasetId, config: { strategy: { id: 'sma-cross' } }, name: 'e2e job' });

test.describe('Jobs and Health', () => {
  test.skip(({ app }) => app.mode !== 'shell', 'a second client connects through the browser shell');

  test('an import is a job: after loading the sample, the Jobs page lists it completed', async ({ page, app }) => {
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await expect(page.getByTestId('dataset-row')).toHaveCount(1);
    const side = await sideClient(app);
    const jobs = await side.client.jobs.list({});
    side.close();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'import', status: 'completed' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    const row = page.getByTestId('job-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('import');
    await expect(row.getByTestId('job-status')).toHaveText('completed');
    // Its final figures, not its last step.
    await expect(row.getByTestId('job-message')).toHaveText(/^[\d,]+ rows · [\d,]+ bars$/);
    await expect(page.getByTestId('running-jobs')).toHaveText('No jobs running');
  });

  test('backtest jobs appear live; a cancelled one is retried; finished ones are cleared', async ({ page, app }) => {
    const side = await sideClient(app);
    const api = side.client;
    const { dataset } = await api.datasets.loadSample({});
    // Loading the sample is itself a job; start from an empty list to count the backtests.
    await api.jobs.clearFinished({});

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await expect(page.getByRole('heading', { name: 'No jobs yet' })).toBeVisible();

    // A job started elsewhere shows up here, and ends completed (live, no reload).
    const first = await backtest(api, dataset.id);
    const rows = page.getByTestId('job-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(first.id.slice(0, 8));
    await expect(rows.first().getByTestId('job-status')).toHaveText('completed');
    await expect(rows.first().getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    await expect(rows.first().getByTestId('job-message')).toHaveText(/^[\d,]+ bars · [\d,]+ trades?$/);

    // Cancel one while it runs (retrying the race: a short backtest may finish first).
    let cancelledId: string | undefined;
    for (let i = 0; i < 10 && !cancelledId; i++) {
      const job = await backtest(api, dataset.id);
      const after = await api.jobs.cancel({ id: job.id });
      if (after.status === 'cancelled') cancelledId = after.id;
    }
    expect(cancelledId, 'no backtest could be cancelled before it finished').toBeDefined();
    const cancelled = page.locator(`[data-testid="job-row"]:has([title="${cancelledId}"])`);
    // Said once, in words: no error code, no stale step beside it.
    await expect(cancelled.getByTestId('job-status')).toHaveText('cancelled by you');
    expect((await cancelled.locator('td').allInnerTexts()).join(' ').match(/cancel/gi)).toHaveLength(1);

    // Retry from the page: a new job with the same parameters, which completes.
    const before = await rows.count();
    await cancelled.getByRole('button', { name: /^Retry/ }).click();
    await expect(rows).toHaveCount(before + 1);
    await expect(rows.first().getByTestId('job-status')).toHaveText('completed');
    await expect(page.getByTestId('running-jobs')).toHaveText('No jobs running');

    // These jobs were made within a minute, so their UUIDv7 ids share the first 8 characters:
    // each row shows its id as far as it differs from the others'.
    const shown = await rows.locator('div.mono[title]').evaluateAll((cells) =>
      cells.map((cell) => ({ id: cell.getAttribute('title') ?? '', shown: (cell.firstChild?.textContent ?? '').trim() })),
    );
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(new Set(shown.map((s) => s.shown)).size).toBe(shown.length);
    for (const s of shown) expect(s.id.startsWith(s.shown) && s.shown.length >= 8).toBe(true);

    // Settings › Health: live pool metrics and the dataset the backtests loaded into the cache.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const info = await api.system.info({});
    // Threads start on demand and a cancelled task's thread is replaced, so not all need be alive.
    await expect(page.getByTestId('pool-alive')).toHaveText(new RegExp(`^[1-9]\\d* / ${info.workerCount}$`));
    const completed = Number((await page.getByTestId('pool-completed').textContent())?.replace(/,/g, ''));
    expect(completed).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('cache-entries')).toContainText(dataset.name);
    // Refreshed every second: a task run now shows up without a reload.
    await api.system.pingWorker({});
    await api.backtests.runAndWait({ datasetId: dataset.id, config: { strategy: { id: 'sma-cross' } } });
    await expect(page.getByTestId('pool-completed')).not.toHaveText(String(completed));

    // Clear finished: every job here has finished, so the page is empty again.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('button', { name: /^Clear finished/ }).click();
    await expect(page.getByRole('heading', { name: 'No jobs yet' })).toBeVisible();
    expect(await api.jobs.list({})).toEqual([]);
    side.close();
  });
});
