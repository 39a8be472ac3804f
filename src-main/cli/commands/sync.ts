import type { TeamStatus } from '../../../src-shared/api/team';
import { toErrorValue } from '../../../src-shared/errors';
import type { Command, CommandContext } from '../command';

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());

function printStatus(ctx: CommandContext, status: TeamStatus): void {
  ctx.print(`state        ${status.state}${status.paused ? ' (paused)' : ''}`);
  ctx.print(`server       ${status.server ?? 'none configured'}${status.source !== 'none' && status.source !== 'settings' ? ` (from ${status.source === 'environment' ? 'BARWISE_PG_URL' : 'BARWISE_PG_URL_FILE'})` : ''}`);
  ctx.print(`device       ${status.deviceId}`);
  ctx.print(`outbox       ${status.outboxDepth} change(s) not yet on the server${status.outboxDepth > 0 ? `, oldest ${Math.round(status.lagMs / 1000)} s ago` : ''}`);
  ctx.print(`last push    ${when(status.lastPushAt)}`);
  ctx.print(`last pull    ${when(status.lastPullAt)}`);
  if (status.lastError) ctx.print(`last error   ${status.lastError.code}: ${status.lastError.message}`);
}

export const syncStatusCommand: Command = {
  name: 'sync status',
  summary: 'Whether this data dir syncs with the team server, and what is waiting to be sent',
  usage: 'barwise sync status [--json]',
  async run(ctx) {
    const barwise = ctx.barwise();
    let status = await barwise.client.team.status({});
    // The CLI runs no background sync: whether the server answers is found out now.
    if (status.state !== 'off' && status.state !== 'paused') {
      try {
        await barwise.client.team.testConnection({});
        status = { ...status, state: 'online' };
      } catch (error) {
        const e = toErrorValue(error);
        status = { ...status, state: 'offline', lastError: e };
      }
    }
    printStatus(ctx, status);
    return status;
  },
};

export const syncNowCommand: Command = {
  name: 'sync now',
  summary: 'Push local changes to the team server and pull teammates’ runs, now',
  usage: 'barwise sync now [--json]',
  async run(ctx) {
    const status = await ctx.barwise().client.team.syncNow({});
    ctx.print(`sent ${status.pushedRecords} and received ${status.pulledRecords} record(s); ${status.outboxDepth} change(s) waiting`);
    return status;
  },
};

export const syncPauseCommand: Command = {
  name: 'sync pause',
  summary: 'Stop syncing this data dir with the team server (changes keep queueing)',
  usage: 'barwise sync pause [--json]',
  async run(ctx) {
    const status = await ctx.barwise().client.team.pause({});
    ctx.print(`team sync paused; ${status.outboxDepth} change(s) waiting`);
    return status;
  },
};

export const syncResumeCommand: Command = {
  name: 'sync resume',
  summary: 'Sync this data dir with the team server again',
  usage: 'barwise sync resume [--json]',
  async run(ctx) {
    const status = await ctx.barwise().client.team.resume({});
    ctx.print(`team sync resumed; ${status.outboxDepth} change(s) waiting`);
    return status;
  },
};
