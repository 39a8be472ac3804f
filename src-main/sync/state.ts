import { hostname, userInfo } from 'node:os';
import { DEFAULT_TEAM_POOL, teamConnectionSchema, teamPoolSchema, type TeamConnection, type TeamPoolSettings } from '../../src-shared/api/team';
import type { Db } from '../store/db';
import { newId } from '../store/ids';

/** The sync's bookkeeping in `sync_state`: one JSON value per key. */
export function readState<T>(db: Db, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return undefined;
  }
}

export function writeState(db: Db, key: string, value: unknown, now = Date.now()): void {
  db.prepare(
    `INSERT INTO sync_state (key, value, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), now, now);
}

export interface Device {
  readonly id: string;
  readonly user: string;
  readonly host: string;
}

/** This data dir's identity on the team server, made once (two data dirs on one machine are two devices). */
export function localDevice(db: Db): Device {
  const stored = readState<Device>(db, 'device');
  if (stored?.id) return stored;
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the device still syncs, under "unknown".
  }
  const device = { id: newId(), user, host: hostname() };
  db.transaction(() => {
    // Two processes starting at once: the first one's device wins.
    const again = readState<Device>(db, 'device');
    if (!again?.id) writeState(db, 'device', device);
  }).immediate();
  return readState<Device>(db, 'device') ?? device;
}

/** The Settings page's team settings (never a password). */
export interface TeamSettings {
  readonly connection: TeamConnection | null;
  readonly pool: TeamPoolSettings;
  readonly enabled: boolean;
  readonly paused: boolean;
}

export function readTeamSettings(db: Db): TeamSettings {
  const stored = readState<Partial<Record<keyof TeamSettings, unknown>>>(db, 'settings') ?? {};
  const connection = teamConnectionSchema.safeParse(stored.connection);
  const pool = teamPoolSchema.safeParse(stored.pool ?? {});
  return {
    connection: connection.success ? connection.data : null,
    pool: pool.success ? pool.data : DEFAULT_TEAM_POOL,
    enabled: stored.enabled === true,
    paused: stored.paused === true,
  };
}

export function writeTeamSettings(db: Db, patch: Partial<TeamSettings>): TeamSettings {
  const next = { ...readTeamSettings(db), ...patch };
  writeState(db, 'settings', next);
  return next;
}
