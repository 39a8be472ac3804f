import { z } from 'zod';
import type { DatasetSummary } from '../../src-shared/api/datasets';
import { BarwiseError } from '../../src-shared/errors';
import type { CommandContext } from './command';

/** A dataset's full id from a full id or a unique prefix of one (the list shows prefixes). */
export async function resolveDatasetId(ctx: CommandContext, given: string | undefined): Promise<string> {
  if (!given) throw new BarwiseError('VALIDATION_FAILED', 'name the dataset ID (barwise datasets lists them)');
  const all: readonly DatasetSummary[] = await ctx.barwise().client.datasets.list({});
  const exact = all.find((d) => d.id === given);
  if (exact) return exact.id;
  const matches = all.filter((d) => d.id.startsWith(given));
  if (matches.length === 1) return matches[0].id;
  if (matches.length > 1) throw new BarwiseError('VALIDATION_FAILED', `"${given}" matches ${matches.length} datasets; give more of the id`);
  throw new BarwiseError('DATASET_NOT_FOUND', `no dataset with id ${given}`);
}

const uuid = z.uuid();

/**
 * A run's or job's id as typed: its lists show them whole, so anything that is not a whole id
 * names no run or job (RUN_NOT_FOUND, JOB_NOT_FOUND) rather than failing the API's format check.
 */
export function requireId(kind: 'run' | 'job', given: string | undefined): string {
  if (!given) throw new BarwiseError('VALIDATION_FAILED', `name the ${kind} ID (barwise ${kind}s lists them)`);
  if (!uuid.safeParse(given).success) {
    throw new BarwiseError(kind === 'run' ? 'RUN_NOT_FOUND' : 'JOB_NOT_FOUND', `no ${kind} with id ${given} (give the whole id, as barwise ${kind}s lists it)`);
  }
  return given;
}
