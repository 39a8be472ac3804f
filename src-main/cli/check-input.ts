import type { z } from 'zod';
import { BarwiseError, toErrorValue } from '../../src-shared/errors';
import { issueText } from '../../src-shared/issue-text';

/** Where a value came from on the command line: `--limit` and the text typed, or an argument's name. */
export interface TypedAs {
  readonly option: string;
  readonly value?: unknown;
  /** What the option means, said after the refusal (as `--help` says it). */
  readonly meaning?: string;
}

/** A value as typed, quoted when it is empty or has blanks (`--name "": must not be empty`). */
export const shown = (text: string) => (/^[^\s"]+$/.test(text) ? text : JSON.stringify(text));

/**
 * Checks a command's input against the schema the API checks it with, before anything is opened,
 * and refuses naming what was typed, as the option was written: `--sort nope: must be one of
 * createdAt, …` rather than the API's `runs.list: sort: …`. `typedAs` maps an issue's path
 * (`config.cash`; a prefix covers the paths below it) to the option; an issue whose message
 * already names its field (`from (…) must not be after to (…)`) keeps its own words.
 */
export function checkInput<S extends z.ZodType>(schema: S, input: unknown, typedAs: Readonly<Record<string, TypedAs>>): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.map(String);
  const field = path[path.length - 1];
  const text = issueText(issue);
  if (field !== undefined && issue.code === 'custom' && text.startsWith(`${field} `)) throw new BarwiseError('VALIDATION_FAILED', text);
  for (let n = path.length; n > 0; n--) {
    const typed = typedAs[path.slice(0, n).join('.')];
    if (typed === undefined) continue;
    const value = typed.value === undefined ? '' : ` ${shown(String(typed.value))}`;
    const meaning = typed.meaning === undefined ? '' : `. ${typed.option}: ${typed.meaning}`;
    throw new BarwiseError('VALIDATION_FAILED', `${typed.option}${value}: ${text}${meaning}`);
  }
  throw new BarwiseError('VALIDATION_FAILED', `${path.join('.') || 'input'}: ${text}`);
}

/**
 * An API refusal that names a field (`tz: unknown time zone …`, known only once the work starts)
 * reworded to name the option typed for it (`--tz unknown time zone …`).
 */
export function namingOptions(error: unknown, optionOfField: Readonly<Record<string, string>>): BarwiseError {
  const { code, message } = toErrorValue(error);
  const field = /^(\w+): /.exec(message)?.[1];
  const option = field === undefined ? undefined : optionOfField[field];
  return new BarwiseError(code, option === undefined ? message : `${option} ${message.slice(field!.length + 2)}`);
}
