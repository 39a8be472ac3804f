/**
 * Where in a strategy file something happened, read from a V8 stack trace. A TypeScript-defined
 * strategy (a built-in, a test, a docs example) is named by its module's path; a user's by the
 * `source.fileName` its compiled code carries (`//# sourceURL=strategies/my-sma-cross.ts`, set by
 * the sandbox), so its frames name that file and the lines are the user's own.
 */

export interface Frame {
  /** As the stack names it: a path, a file: URL, or a sourceURL. */
  readonly file: string;
  readonly line: number;
}

/** `    at fn (FILE:LINE:COLUMN)` or `    at FILE:LINE:COLUMN`: the location at the end of a frame. */
const LOCATION = /\(?([^()\s]+?):(\d+):\d+\)?$/;

/** The frames of a stack trace that name a file and a line, innermost first. */
export function framesOf(stack: string | undefined): Frame[] {
  if (typeof stack !== 'string') return [];
  const frames: Frame[] = [];
  for (const text of stack.split('\n')) {
    const trimmed = text.trim();
    if (!trimmed.startsWith('at ')) continue;
    const match = LOCATION.exec(trimmed);
    if (match) frames.push({ file: match[1], line: Number(match[2]) });
  }
  return frames;
}

/** The line of the innermost frame of `stack` in `file`, if any. */
export function lineIn(stack: string | undefined, file: string): number | undefined {
  return framesOf(stack).find((frame) => frame.file === file)?.line;
}

/** The stack of a value something threw (an Error of this realm or another), if it has one. */
export function stackOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { stack?: unknown }).stack === 'string'
    ? (error as { stack: string }).stack
    : undefined;
}

/**
 * A strategy file as messages name it: a user's as given (`strategies/my-sma-cross.ts`), a module
 * of this code base from its `src-…` or `docs/` folder on, anything else by its base name.
 */
export function displayName(file: string): string {
  const path = file.replace(/^file:\/\//, '');
  const inProject = /\/((?:src-[a-z]+|docs)\/.*)$/.exec(path);
  if (inProject) return inProject[1];
  return path.startsWith('/') ? path.slice(path.lastIndexOf('/') + 1) : path;
}

/** "FILE:LINE: " (or "FILE: " without a line): how every message about a strategy file starts. */
export function where(file: string, line: number | undefined): string {
  return line === undefined ? `${displayName(file)}: ` : `${displayName(file)}:${line}: `;
}
