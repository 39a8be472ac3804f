// `npm run bench -- sandbox`: what running strategy code sandboxed costs, and what the lockdown
// of the worker costs the engine. Each realm is a worker thread of its own (bench/_sandbox-worker.ts):
//  - plain: no lockdown, the baseline;
//  - locked: the production order (intrinsics repaired, warm-up, then frozen);
//  - frozen-before-warm-up: lockdown() at once, the order V8 makes slow (src-workers/lockdown.ts).
// In each: the engine on 200,000 bars, and one strategy module (a 10/50 SMA crossover over the
// closes) compiled natively (vm.runInThisContext), in an SES Compartment (evaluateStrategyModule)
// and in a plain node:vm context (no security boundary; the comparison).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BARS, ENGINE_STRATEGIES, VARIANTS, type Realm, type Variant, type WorkerFigures } from './_sandbox-worker';
import { printFigures, printMachine } from './_report';

const REALMS: readonly Realm[] = ['plain', 'locked', 'frozen-before-warm-up'];
const ROUNDS = 3;
const here = dirname(fileURLToPath(import.meta.url));

function inWorker(realm: Realm): Promise<WorkerFigures> {
  const worker = new Worker(join(here, '..', 'src-main', 'workers', 'tsx-bootstrap.mjs'), {
    workerData: { barwiseEntry: pathToFileURL(join(here, '_sandbox-worker.ts')).href, realm },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (figures: WorkerFigures) => {
      resolve(figures);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

printMachine('sandbox');
// Rounds go through every realm in turn, so a burst of load from elsewhere hits each alike; the
// best figure of each over the rounds.
const best = new Map<Realm, WorkerFigures>();
const checks = new Set<string>();
for (let round = 0; round < ROUNDS; round++) {
  for (const realm of REALMS) {
    const figures = await inWorker(realm);
    checks.add(JSON.stringify(figures.checks));
    const prior = best.get(realm);
    const min = (a: Record<string, number>, b?: Record<string, number>) =>
      Object.fromEntries(Object.entries(a).map(([k, v]) => [k, Math.min(v, b?.[k] ?? Infinity)]));
    best.set(realm, {
      engineMs: min(figures.engineMs, prior?.engineMs),
      kernelMs: Object.fromEntries(
        Object.entries(figures.kernelMs).map(([variant, ms]) => [variant, min(ms, prior?.kernelMs[variant as Variant])]),
      ) as WorkerFigures['kernelMs'],
      checks: figures.checks,
      evaluateUs: figures.evaluateUs === undefined ? undefined : Math.min(figures.evaluateUs, prior?.evaluateUs ?? Infinity),
    });
  }
}
if (checks.size !== 1) throw new Error(`the realms or modes disagree on results: ${[...checks].join(' vs ')}`);

const ms = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(3)} ms`);
const plain = best.get('plain')!;
const locked = best.get('locked')!;
const early = best.get('frozen-before-warm-up')!;
for (const id of ENGINE_STRATEGIES) {
  console.log(
    `engine ${id.padEnd(10)} plain ${ms(plain.engineMs[id])} · locked ${ms(locked.engineMs[id])} · frozen before warm-up ${ms(early.engineMs[id])}`,
  );
}
for (const variant of Object.keys(VARIANTS) as Variant[]) {
  const k = (realm: WorkerFigures) => realm.kernelMs[variant];
  console.log(
    `kernel ${variant.padEnd(12)} native plain ${ms(k(plain).native)} · locked: native ${ms(k(locked).native)}, SES ${ms(k(locked).ses)}, node:vm ${ms(k(locked).nodeVm)}`,
  );
}
console.log(`evaluateStrategyModule: ${locked.evaluateUs?.toFixed(0)} µs median`);

const round3 = (record: Record<string, number>) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Number(v.toFixed(3))]));
printFigures({
  bars: BARS,
  engineMs: Object.fromEntries(REALMS.map((realm) => [realm, round3(best.get(realm)!.engineMs)])),
  kernelMs: Object.fromEntries(
    (Object.keys(VARIANTS) as Variant[]).map((variant) => [
      variant,
      { nativePlain: Number(plain.kernelMs[variant].native.toFixed(3)), ...round3(locked.kernelMs[variant]) },
    ]),
  ),
  evaluateUs: Math.round(locked.evaluateUs ?? Number.NaN),
});
