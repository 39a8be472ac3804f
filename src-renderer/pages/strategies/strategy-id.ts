import { strategyIdSchema } from '../../../src-shared/api/strategies';

/** Why a file name cannot be used, or undefined when it can. */
export function idError(text: string, taken: ReadonlySet<string>): string | undefined {
  const parsed = strategyIdSchema.safeParse(text);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (text.trim() === '') return 'Give the strategy a file name';
    if (issue?.code === 'too_big') return 'The name must be at most 64 characters';
    return `The name ${issue?.message ?? 'is not valid'} (e.g. my-sma-cross)`;
  }
  if (taken.has(parsed.data)) return `There is already a strategy named ${parsed.data}`;
  return undefined;
}

/** A file name from anything: "My SMA cross" → "my-sma-cross". */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return slug || 'my-strategy';
}

/** `base`, or `base-2`, `base-3`… : the first that no strategy has. */
export function freeId(base: string, taken: ReadonlySet<string>): string {
  const slug = slugify(base);
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n++) {
    const candidate = `${slug}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
