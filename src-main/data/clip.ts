/**
 * Values quoted in import reports and messages, bounded: a field can be megabytes long (a garbage
 * line, a file that is not CSV at all), and a report or error message that holds it whole grows
 * with the file, up to V8's string limit ("Invalid string length") or a stored report of hundreds
 * of megabytes.
 *
 * Every result is a fresh copy: V8 keeps a slice of a long string as a view that holds the whole
 * string alive (papaparse's fields are such slices of the block they came from), so a short
 * clipped value could otherwise keep a megabyte block in memory for as long as the report lives.
 */

/** The longest value quoted whole. */
export const VALUE_CHARS = 200;

/** A new string with s's characters (not a view of s's parent). */
const copy = (s: string) => Buffer.from(s, 'utf16le').toString('utf16le');

/** s whole when it is at most `max` characters, else its start, an ellipsis and its length. */
export function clip(s: string, max = VALUE_CHARS): string {
  if (s.length <= max) return copy(s);
  return `${copy(s.slice(0, max))}… (${s.length.toLocaleString('en-US')} characters)`;
}

/**
 * A row's fields joined by the delimiter, clipped as clip() would clip the whole join, without
 * building the whole join (a line of five million "5,"s is one row of five million fields).
 */
export function clipRow(fields: readonly string[], delimiter: string, max = VALUE_CHARS): string {
  let head = '';
  let length = 0;
  for (let i = 0; i < fields.length; i++) {
    const part = i === 0 ? fields[i] : delimiter + fields[i];
    if (head.length < max + 1) head += part.slice(0, max + 1 - head.length);
    length += part.length;
  }
  if (length <= max) return copy(head);
  return `${copy(head.slice(0, max))}… (${length.toLocaleString('en-US')} characters)`;
}
