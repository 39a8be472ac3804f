/**
 * The strategy file and line an error names: main and the SDK start a strategy's errors with
 * "strategies/NAME.ts:LINE: " (or ":LINE:COLUMN: "), so the form can offer to open it there.
 */
export function strategyLocation(message: string): { id: string; line: number; column?: number } | undefined {
  const match = /(?:^|[\s(])strategies\/([a-z0-9][a-z0-9-]*)\.ts:(\d+)(?::(\d+))?/.exec(message);
  if (!match?.[1] || !match[2]) return undefined;
  const line = Number(match[2]);
  if (!Number.isSafeInteger(line) || line < 1) return undefined;
  return { id: match[1], line, column: match[3] ? Number(match[3]) : undefined };
}

/** The editor at that place. */
export const strategyLink = (at: { id: string; line: number; column?: number }): string =>
  `/strategies/${encodeURIComponent(at.id)}?line=${at.line}${at.column ? `&column=${at.column}` : ''}`;
