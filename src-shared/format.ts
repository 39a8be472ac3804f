/**
 * Formatting shared by the app and the reports, so a duration reads the same on screen, in the
 * PDF and in the CLI.
 */

const DURATION_UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** "3d 4h", "5h 30m", "12m 5s", "800ms": the two largest units, as a reader estimates a span. `undefined` when not a number. */
export function durationText(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms));
  if (rest < 1000) return `${sign}${rest}ms`;
  const parts: string[] = [];
  for (const [label, size] of DURATION_UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count}${label}`);
    if (parts.length === 2) break;
  }
  // Drop a trailing zero part: "3d" rather than "3d 0h".
  if (parts.length === 2 && parts[1].startsWith('0')) parts.pop();
  return sign + parts.join(' ');
}
