import type { Command } from '../command';

export const strategiesCommand: Command = {
  name: 'strategies',
  summary: 'List the built-in strategies with their parameter schemas',
  usage: 'barwise strategies [--json]',
  async run(ctx) {
    const strategies = await ctx.barwise().client.backtests.strategies({});
    for (const s of strategies) {
      ctx.print(`${s.id}  (v${s.version}) — ${s.name}`);
      ctx.print(`    ${s.description}`);
      for (const p of s.params) {
        const range = p.min !== undefined || p.max !== undefined ? ` [${p.min ?? ''}…${p.max ?? ''}]` : '';
        ctx.print(`    --param ${p.name}=${String(p.default)}  ${p.type}${range}  ${p.description}`);
      }
    }
    return strategies;
  },
};
