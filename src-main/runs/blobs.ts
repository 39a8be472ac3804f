import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Trade } from '../../src-shared/backtest';

/** A Float64Array as compressed little-endian bytes (equity curves compress ~3–5×). */
export function packFloat64(values: Float64Array): Buffer {
  return deflateRawSync(Buffer.from(values.buffer, values.byteOffset, values.byteLength), { level: 1 });
}

export function unpackFloat64(blob: Uint8Array): Float64Array {
  const bytes = inflateRawSync(blob);
  // Copy into an aligned buffer: a Buffer from the pool may start at an odd offset.
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export function packTrades(trades: readonly Trade[]): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify(trades)), { level: 1 });
}

export function unpackTrades(blob: Uint8Array): Trade[] {
  return JSON.parse(inflateRawSync(blob).toString('utf8')) as Trade[];
}

/**
 * A fingerprint of everything a run computed (statistics, trades, every equity value bit for bit):
 * "Reproduce" compares it to say whether a re-run is bit-identical.
 */
export function resultHash(parts: {
  stats: unknown;
  trades: readonly Trade[];
  equity: Float64Array;
  drawdownPct: Float64Array;
}): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(parts.stats));
  hash.update(JSON.stringify(parts.trades));
  hash.update(new Uint8Array(parts.equity.buffer, parts.equity.byteOffset, parts.equity.byteLength));
  hash.update(new Uint8Array(parts.drawdownPct.buffer, parts.drawdownPct.byteOffset, parts.drawdownPct.byteLength));
  return hash.digest('hex');
}
