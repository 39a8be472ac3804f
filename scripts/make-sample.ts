// Writes resources/sample/synthetic-BTCUSD-1h.csv: SYNTHETIC hourly bars (not market data) from a
// fixed seed, so every checkout holds byte-identical sample data. Run: npx tsx scripts/make-sample.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 3;
const BARS = 8760; // one year of hours
const START = Date.UTC(2023, 0, 2); // Monday 2023-01-02 00:00 UTC
const HOUR = 3_600_000;

/** mulberry32: small, fast, and the same on every platform. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export function makeSample(): string {
  const random = rng(SEED);
  const lines = ['timestamp,open,high,low,close,volume'];
  // Well below the default 10,000 cash, so whole-unit sizing trades several units.
  let price = 1_000;
  let vol = 0.006; // hourly volatility, mean-reverting, with regimes
  let drift = 0.0001;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  for (let i = 0; i < BARS; i++) {
    if (i % 500 === 0) drift = (random() - 0.5) * 0.0006 + 0.00004;
    vol = Math.min(0.03, Math.max(0.002, vol + 0.08 * (0.006 - vol) + 0.0008 * gaussian(random)));
    const open = price;
    const close = open * Math.exp(drift + vol * gaussian(random));
    const high = Math.max(open, close) * (1 + Math.abs(gaussian(random)) * vol * 0.5);
    const low = Math.min(open, close) * (1 - Math.abs(gaussian(random)) * vol * 0.5);
    const [o, c] = [r2(open), r2(close)];
    const h = Math.max(r2(high), o, c);
    const l = Math.min(r2(low), o, c);
    const volume = Math.round((50 + 400 * vol * 100 * random()) * 10_000) / 10_000;
    lines.push(`${new Date(START + i * HOUR).toISOString().replace('.000Z', 'Z')},${o.toFixed(2)},${h.toFixed(2)},${l.toFixed(2)},${c.toFixed(2)},${volume}`);
    price = close;
  }
  return lines.join('\n') + '\n';
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'resources', 'sample', 'synthetic-BTCUSD-1h.csv');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, makeSample());
console.log(`wrote ${out}`);
