import type { Preset } from '../../src-shared/api/presets';
import { PRESETS_FORMAT, PRESETS_VERSION, presetsFileSchema, type PresetsFile } from '../../src-shared/api/presets';
import type { BacktestConfig } from '../../src-shared/backtest';
import { BarwiseError } from '../../src-shared/errors';
import { describeZodError } from '../api/implement';
import type { Db } from '../store/db';
import { newId } from '../store/ids';

interface PresetRow {
  id: string;
  strategy_id: string;
  name: string;
  config: string;
  created_at: number;
  updated_at: number;
}

const toPreset = (row: PresetRow): Preset => ({
  id: row.id,
  strategyId: row.strategy_id,
  name: row.name,
  config: JSON.parse(row.config) as BacktestConfig,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A preset keeps no window: from/to belong to the dataset it was used on. */
function withoutWindow(config: BacktestConfig): BacktestConfig {
  const { from: _from, to: _to, ...rest } = config;
  return rest;
}

export function listPresets(db: Db, strategyId?: string): Preset[] {
  const rows =
    strategyId === undefined
      ? db.prepare('SELECT * FROM backtest_presets ORDER BY strategy_id, name COLLATE NOCASE').all()
      : db.prepare('SELECT * FROM backtest_presets WHERE strategy_id = ? ORDER BY name COLLATE NOCASE').all(strategyId);
  return (rows as PresetRow[]).map(toPreset);
}

export function getPreset(db: Db, id: string): Preset {
  const row = db.prepare('SELECT * FROM backtest_presets WHERE id = ?').get(id) as PresetRow | undefined;
  if (!row) throw new BarwiseError('PRESET_NOT_FOUND', `No preset with id ${id}`);
  return toPreset(row);
}

const byName = (db: Db, strategyId: string, name: string) =>
  db.prepare('SELECT * FROM backtest_presets WHERE strategy_id = ? AND name = ? COLLATE NOCASE').get(strategyId, name) as PresetRow | undefined;

/** Saves a config under a name for its strategy, replacing a preset of that name. Returns it and whether it replaced one. */
export function savePreset(db: Db, name: string, config: BacktestConfig, now = Date.now()): { preset: Preset; replaced: boolean } {
  return db.transaction(() => {
    const strategyId = config.strategy.id;
    const json = JSON.stringify(withoutWindow(config));
    const existing = byName(db, strategyId, name);
    if (existing) {
      db.prepare('UPDATE backtest_presets SET name = ?, config = ?, updated_at = ? WHERE id = ?').run(name, json, now, existing.id);
      return { preset: getPreset(db, existing.id), replaced: true };
    }
    const id = newId();
    db.prepare('INSERT INTO backtest_presets (id, strategy_id, name, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      id,
      strategyId,
      name,
      json,
      now,
      now,
    );
    return { preset: getPreset(db, id), replaced: false };
  }).immediate();
}

export function renamePreset(db: Db, id: string, name: string, now = Date.now()): Preset {
  return db.transaction(() => {
    const preset = getPreset(db, id);
    const clash = byName(db, preset.strategyId, name);
    if (clash && clash.id !== id) throw new BarwiseError('PRESET_EXISTS', `${preset.strategyId} has a preset named "${clash.name}" already`);
    db.prepare('UPDATE backtest_presets SET name = ?, updated_at = ? WHERE id = ?').run(name, now, id);
    return getPreset(db, id);
  }).immediate();
}

export function removePreset(db: Db, id: string): void {
  const { changes } = db.prepare('DELETE FROM backtest_presets WHERE id = ?').run(id);
  if (changes === 0) throw new BarwiseError('PRESET_NOT_FOUND', `No preset with id ${id}`);
}

export function exportPresets(db: Db, strategyId?: string): { fileName: string; text: string } {
  const file: PresetsFile = {
    format: PRESETS_FORMAT,
    version: PRESETS_VERSION,
    presets: listPresets(db, strategyId).map((p) => ({ name: p.name, config: p.config })),
  };
  return { fileName: `presets-${strategyId ?? 'all'}.json`, text: `${JSON.stringify(file, null, 2)}\n` };
}

/** Reads a presets file, all of it or nothing: the first bad preset refuses the whole file, naming it. */
export function importPresets(db: Db, text: string, now = Date.now()): { imported: number; replaced: number } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BarwiseError('VALIDATION_FAILED', `The presets file is not JSON: ${(error as Error).message}`);
  }
  const parsed = presetsFileSchema.safeParse(raw);
  if (!parsed.success) throw new BarwiseError('VALIDATION_FAILED', `The presets file does not hold presets: ${describeZodError(parsed.error)}`);
  const seen = new Set<string>();
  for (const [i, p] of parsed.data.presets.entries()) {
    const key = `${p.config.strategy.id}\u0000${p.name.toLowerCase()}`;
    if (seen.has(key)) throw new BarwiseError('VALIDATION_FAILED', `presets.${i}: a second preset named "${p.name}" for ${p.config.strategy.id}`);
    seen.add(key);
  }
  return db.transaction(() => {
    let replaced = 0;
    for (const p of parsed.data.presets) if (savePreset(db, p.name, p.config, now).replaced) replaced++;
    return { imported: parsed.data.presets.length, replaced };
  }).immediate();
}
