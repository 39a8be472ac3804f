/** The fewest characters an id is shown with. */
const SHORT = 8;

/**
 * Each id shortened to the fewest characters (at least 8) that no other id starts with, as git
 * shortens hashes. Ids are UUIDv7, whose first 8 characters are a timestamp that changes every
 * ~65 s: two datasets or jobs made in the same minute share them, so a fixed 8 would be ambiguous.
 * Shared by the CLI's dataset list and the Jobs page.
 */
export function shortIds(ids: readonly string[]): string[] {
  const sorted = [...ids].sort();
  const length = new Map<string, number>();
  for (let i = 0; i < sorted.length; i++) {
    const common = (other: string | undefined) => {
      if (other === undefined) return 0;
      let k = 0;
      while (k < sorted[i].length && sorted[i][k] === other[k]) k++;
      return k;
    };
    // One character past the longest prefix shared with another id: in sorted order, with a
    // neighbour. (Never ends on a '-': UUIDs have theirs at the same places, so they never differ there.)
    const k = Math.max(SHORT, Math.max(common(sorted[i - 1]), common(sorted[i + 1])) + 1);
    length.set(sorted[i], Math.min(k, sorted[i].length));
  }
  return ids.map((id) => id.slice(0, length.get(id)));
}
