import { durationText } from '../../../src-shared/format';
/** Display helpers for the Data and Jobs pages. Market times are UTC epoch ms and shown in UTC. */

const DAY_MS = 86_400_000;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** "2024-03-01 14:00" (UTC), or the date alone for daily and slower bars. */
export function formatTime(ms: number, timeframeMs = 0): string {
  if (!Number.isFinite(ms)) return '—';
  const iso = new Date(ms).toISOString();
  if (timeframeMs >= DAY_MS) return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** A local date-time for app events (when something was created or ran). */
export function formatLocal(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Elapsed and remaining times: "120ms", "3s", "2m 5s", "1h 12m" (negative: unknown). */
export const formatDuration = (ms: number): string => (ms < 0 ? undefined : durationText(ms)) ?? '—';

/** Time left from the elapsed time and the fraction done; undefined while too early to tell. */
export function estimateRemainingMs(elapsedMs: number, fraction: number): number | undefined {
  if (!(fraction > 0.01) || fraction >= 1 || elapsedMs < 500) return undefined;
  return (elapsedMs / fraction) * (1 - fraction);
}
