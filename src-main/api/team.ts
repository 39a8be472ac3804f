import type { teamSpec, TeamSettingsView } from '../../src-shared/api/team';
import { BarwiseError } from '../../src-shared/errors';
import { parseConnectionString, type TeamTarget } from '../sync/connection';
import type { SecretStore } from '../sync/secrets';
import { PASSWORD_SECRET, type SyncService } from '../sync/service';
import { readTeamSettings, writeTeamSettings } from '../sync/state';
import type { Db } from '../store/db';
import type { TeamCompute } from '../team/compute';
import type { FeatureImpl } from './implement';

interface TeamDeps {
  readonly db: Db;
  readonly sync: SyncService;
  readonly compute: TeamCompute;
  readonly secrets: SecretStore;
}

export function teamImpl({ db, sync, compute, secrets }: TeamDeps): FeatureImpl<typeof teamSpec> {
  const view = (): TeamSettingsView => {
    const settings = readTeamSettings(db);
    const override = sync.target();
    return {
      connection: settings.connection,
      pool: settings.pool,
      enabled: settings.enabled,
      passwordStored: secrets.get(PASSWORD_SECRET) !== undefined,
      secretStorage: secrets.description,
      overriddenBy: override && override.source !== 'settings' ? override.source : null,
    };
  };
  return {
    status: () => sync.status(),
    settings: view,
    configure: (input) => {
      let connection = input.connection;
      let password = input.password;
      if (input.connectionString !== undefined) {
        const parsed = parseConnectionString(input.connectionString);
        connection = parsed.connection;
        // A password in the string goes to the secret store, never into the settings.
        if (parsed.password !== undefined && password === undefined) password = parsed.password;
      }
      if (password === null) secrets.delete(PASSWORD_SECRET);
      else if (password !== undefined) secrets.set(PASSWORD_SECRET, password);
      writeTeamSettings(db, {
        ...(connection !== undefined ? { connection } : {}),
        ...(input.pool !== undefined ? { pool: input.pool } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      });
      sync.reconfigure();
      return view();
    },
    testConnection: async (input) => {
      let target: TeamTarget;
      if (input.connectionString !== undefined) {
        target = parseConnectionString(input.connectionString);
        if (input.password !== undefined) target = { ...target, password: input.password };
      } else if (input.connection !== undefined) {
        target = { connection: input.connection, password: input.password ?? secrets.get(PASSWORD_SECRET) };
      } else {
        const current = sync.target() ?? (() => {
          const stored = readTeamSettings(db).connection;
          return stored ? { target: { connection: stored, password: secrets.get(PASSWORD_SECRET) } } : undefined;
        })();
        if (!current) throw new BarwiseError('TEAM_NOT_CONFIGURED', 'No team server to test: give its connection');
        target = current.target;
      }
      return sync.testConnection(target);
    },
    syncNow: () => sync.syncNow(),
    pause: () => sync.pause(),
    resume: () => sync.resume(),
    runBacktests: ({ requests }) => compute.runBacktests(requests),
    batchStatus: ({ batchId }) => compute.batchStatus(batchId),
  };
}
