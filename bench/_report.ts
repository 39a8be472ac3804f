import { availableParallelism, cpus } from 'node:os';

/** Every benchmark starts by saying what machine it ran on. */
export function printMachine(name: string): void {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  console.log(`bench ${name} — ${availableParallelism()} cores (${cpu}), node ${process.versions.node}`);
}

/** Every benchmark ends with exactly one line of JSON holding its figures. */
export function printFigures(figures: Record<string, unknown>): void {
  console.log(JSON.stringify({ cores: availableParallelism(), ...figures }));
}
