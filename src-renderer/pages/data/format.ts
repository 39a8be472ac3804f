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

/** "120 ms", "3 s", "2 min 05 s", "1 h 12 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Time left from the elapsed time and the fraction done; undefined while too early to tell. */
export function estimateRemainingMs(elapsedMs: number, fraction: number): number | undefined {
  if (!(fraction > 0.01) || fraction >= 1 || elapsedMs < 500) return undefined;
  return (elapsedMs / fraction) * (1 - fraction);
}
