import type { Migration } from './migration';
import { m0010Initial } from './0010-initial';
import { m0020Datasets } from './0020-datasets';
import { m0030Jobs } from './0030-jobs';
import { m0040Runs } from './0040-runs';
import { m0050JobOwners } from './0050-job-owners';
import { m0070SyncOutbox } from './0070-sync-outbox';
import { m0080StrategySources } from './0080-strategy-sources';
import { m0090RunIndicators } from './0090-run-indicators';
import { m0100Models } from './0100-models';
import { m0110Optimizations } from './0110-optimizations';
import { m0120Presets } from './0120-presets';

/** Every schema version in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  m0010Initial,
  m0020Datasets,
  m0030Jobs,
  m0040Runs,
  m0050JobOwners,
  m0070SyncOutbox,
  m0080StrategySources,
  m0090RunIndicators,
  m0100Models,
  m0110Optimizations,
  m0120Presets,
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
