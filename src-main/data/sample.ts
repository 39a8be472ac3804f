import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BarwiseError } from '../../src-shared/errors';

export const SAMPLE_FILE = 'synthetic-BTCUSD-1h.csv';
export const SAMPLE_SYMBOL = 'BTCUSD-SYNTH';
export const SAMPLE_NAME = 'Synthetic BTCUSD 1h (generated, not market data)';

/**
 * Where the sample CSV is: $BARWISE_RESOURCES_DIR, the packaged app's resources, or the repo's
 * resources/ folder (from src-main/data in dev and tests, or from out/main when built).
 */
export function samplePath(env: NodeJS.ProcessEnv = process.env): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    env.BARWISE_RESOURCES_DIR && join(env.BARWISE_RESOURCES_DIR, 'sample', SAMPLE_FILE),
    resourcesPath && join(resourcesPath, 'sample', SAMPLE_FILE),
    resourcesPath && join(resourcesPath, 'resources', 'sample', SAMPLE_FILE),
    join(here, '..', '..', 'resources', 'sample', SAMPLE_FILE),
    join(here, '..', 'resources', 'sample', SAMPLE_FILE),
    join(process.cwd(), 'resources', 'sample', SAMPLE_FILE),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new BarwiseError('NOT_FOUND', `the sample dataset ${SAMPLE_FILE} is missing (looked in ${candidates.join(', ')})`);
  return found;
}
