import { expect, test } from './fixtures';

test('Settings › Team tests a connection and says what is wrong; the Health panel shows the service checks', async ({ page }) => {
  await page.getByRole('link', { name: 'Settings' }).click();
  const team = page.getByRole('region', { name: 'Team' });
  await expect(team.getByTestId('team-state')).toHaveText('Off');
  await team.getByTestId('team-host').fill('127.0.0.1');
  // Port 1: nothing listens there, so the connection is refused at once.
  await team.getByTestId('team-port').fill('1');
  await team.getByTestId('team-database').fill('team');
  await team.getByTestId('team-user').fill('alice');
  await team.getByTestId('team-password').fill('e2e-secret-password');
  await team.getByTestId('team-test').click();
  const message = team.getByTestId('team-message');
  await expect(message).toContainText('Nothing accepts connections at 127.0.0.1:1');
  await expect(message).toContainText('TEAM_UNREACHABLE');
  await expect(message).not.toContainText('e2e-secret-password');

  const health = page.getByTestId('service-health');
  await expect(health.getByTestId('health-status')).toHaveText('OK');
  await expect(health.getByTestId('health-sqlite')).toHaveText('OK');
  await expect(health.getByTestId('health-postgres')).toHaveText('Not configured');
  await expect(health.getByTestId('health-outbox')).toHaveText('0');
});
