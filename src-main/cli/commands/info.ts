import type { Command } from '../command';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Version, data directory, schema and SQLite versions, worker threads',
  usage: 'barwise info [--json] [--data-dir DIR]',
  async run(ctx) {
    const info = await ctx.barwise().client.system.info({});
    ctx.print(`Barwise ${info.version}`);
    ctx.print(`data dir        ${info.dataDir}`);
    ctx.print(`database        ${info.databaseFile}`);
    ctx.print(`schema version  ${info.schemaVersion}`);
    ctx.print(`SQLite          ${info.sqliteVersion}`);
    ctx.print(`worker threads  ${info.workerCount}`);
    ctx.print(`node            ${info.nodeVersion} (${info.platform})`);
    return info;
  },
};
