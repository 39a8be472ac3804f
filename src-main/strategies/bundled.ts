import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { StrategyTemplate } from '../../src-shared/api/strategies';
import { BarwiseError } from '../../src-shared/errors';

/**
 * The strategy files that ship with Barwise: the built-ins' source (shown read-only, copied by
 * "Duplicate to edit") and the templates a new strategy starts from. They are files, not strings
 * in code: from the source tree (tests, `npm run cli`) they are read where they live; the build
 * copies them beside the main bundle (electron.vite.config.ts, `strategyFiles`), so the app, the
 * packaged app and the built CLI read the same text.
 */

/** Where the repository keeps them, relative to its root. */
export const BUILTIN_SOURCE_DIR = 'src-workers/strategies/built-in';
export const TEMPLATES_DIR = 'resources/strategy-templates';
/** Where the build puts them, relative to the main bundle's folder (out/main). */
export const BUILT_BUILTIN_DIR = 'strategies/builtin';
export const BUILT_TEMPLATES_DIR = 'strategies/templates';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The first of the folders that exists: built (out/main/…, inside app.asar when packaged, where
 * a chunk unpacked from the archive must look), then the source tree (src-main/strategies/../..).
 */
function locate(built: string, source: string): string {
  const candidates = [
    join(here, built),
    join(here.replace(`app.asar.unpacked`, 'app.asar'), built),
    join(here, '..', '..', source),
  ];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new BarwiseError('NOT_FOUND', `the strategy files that ship with Barwise are missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** A built-in strategy's source text: `<id>.ts` in the built-ins' folder. */
export function builtinSourceText(id: string): string {
  const path = join(locate(BUILT_BUILTIN_DIR, BUILTIN_SOURCE_DIR), `${id}.ts`);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new BarwiseError('NOT_FOUND', `the source of the built-in strategy "${id}" is missing (${path})`);
  }
}

const templatesSchema = z.array(
  z.object({ id: z.string().regex(/^[a-z0-9-]+$/), name: z.string().min(1), description: z.string() }).strict(),
);

/** The templates, in the order their manifest (templates.json) lists them. */
export function listTemplates(): StrategyTemplate[] {
  const dir = locate(BUILT_TEMPLATES_DIR, TEMPLATES_DIR);
  return templatesSchema.parse(JSON.parse(readFileSync(join(dir, 'templates.json'), 'utf8')));
}

/** A template's text; STRATEGY_NOT_FOUND naming the templates there are. */
export function templateText(id: string): string {
  const templates = listTemplates();
  if (!templates.some((t) => t.id === id)) {
    throw new BarwiseError('STRATEGY_NOT_FOUND', `no template "${id}" (there are: ${templates.map((t) => t.id).join(', ')})`);
  }
  return readFileSync(join(locate(BUILT_TEMPLATES_DIR, TEMPLATES_DIR), `${id}.ts`), 'utf8');
}
