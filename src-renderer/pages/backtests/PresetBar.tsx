import { useCallback, useEffect, useRef, useState } from 'react';
import type { Preset } from '../../../src-shared/api/presets';
import type { BacktestConfigInput, StrategyInfo } from '../../../src-shared/backtest';
import { errorMessage, useRunsApi } from './api';
import { saveBytes } from './ExportButtons';
import { formFromConfig, type FormState } from './form-model';

/**
 * The strategy's presets: load one into the form (the dataset, timeframe and window stay), save
 * the form under a name, rename, delete, export to and import from a JSON file.
 * `config`: the form's config when it is valid (a preset is saved only from a valid form).
 */
export function PresetBar({
  strategy,
  form,
  config,
  onLoad,
}: {
  strategy: StrategyInfo;
  form: FormState;
  config: BacktestConfigInput | undefined;
  onLoad: (form: FormState) => void;
}) {
  const api = useRunsApi();
  const [presets, setPresets] = useState<readonly Preset[]>([]);
  const [selected, setSelected] = useState('');
  const [name, setName] = useState('');
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const fileRef = useRef<HTMLInputElement>(null);

  const reload = useCallback(
    async (select?: string) => {
      const list = await api.presets.list({ strategyId: strategy.id });
      setPresets(list);
      setSelected((current) => select ?? (list.some((p) => p.id === current) ? current : ''));
    },
    [api, strategy.id],
  );
  useEffect(() => {
    let live = true;
    api.presets.list({ strategyId: strategy.id }).then(
      (list) => live && setPresets(list),
      (e: unknown) => live && setStatus({ text: errorMessage(e), error: true }),
    );
    return () => {
      live = false;
    };
  }, [api, strategy.id]);

  const act = async (what: () => Promise<string>) => {
    try {
      setStatus({ text: await what() });
    } catch (e) {
      setStatus({ text: errorMessage(e), error: true });
    }
  };
  const chosen = presets.find((p) => p.id === selected);

  const load = (preset: Preset) => {
    const loaded = formFromConfig(preset.config, form.datasetId, form.timeframe, strategy);
    onLoad({ ...loaded, from: form.from, to: form.to });
    setName(preset.name);
    setStatus({ text: `Loaded "${preset.name}"` });
  };
  const save = () =>
    act(async () => {
      if (!config) throw new Error('Fix the fields marked above first: a preset is saved from a valid form');
      const existed = presets.some((p) => p.name.toLowerCase() === name.trim().toLowerCase());
      const saved = await api.presets.save({ name, config });
      await reload(saved.id);
      return existed ? `Replaced "${saved.name}"` : `Saved "${saved.name}"`;
    });
  const rename = (preset: Preset) =>
    act(async () => {
      const renamed = await api.presets.rename({ id: preset.id, name });
      await reload(renamed.id);
      return `Renamed "${preset.name}" to "${renamed.name}"`;
    });
  const remove = (preset: Preset) =>
    act(async () => {
      await api.presets.remove({ id: preset.id });
      await reload('');
      return `Deleted "${preset.name}"`;
    });
  const exportFile = () =>
    act(async () => {
      const file = await api.presets.export({ strategyId: strategy.id });
      saveBytes(file.fileName, 'application/json', new TextEncoder().encode(file.text));
      return `Exported ${presets.length === 1 ? '1 preset' : `${presets.length} presets`}`;
    });
  const importFile = (file: File) =>
    act(async () => {
      const { imported, replaced } = await api.presets.import({ text: await file.text() });
      await reload();
      return `Imported ${imported === 1 ? '1 preset' : `${imported} presets`}${replaced ? ` (${replaced} replaced)` : ''} from ${file.name}`;
    });

  return (
    <div className="preset-bar" role="group" aria-label="Presets">
      <label htmlFor="bt-preset">Preset</label>
      <select
        id="bt-preset"
        value={selected}
        onChange={(e) => {
          setSelected(e.target.value);
          const preset = presets.find((p) => p.id === e.target.value);
          if (preset) load(preset);
        }}
      >
        <option value="">{presets.length ? '— choose to load —' : '— none saved —'}</option>
        {presets.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <input aria-label="Preset name" placeholder="Preset name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
      <button type="button" disabled={name.trim() === ''} onClick={() => void save()}>
        Save preset
      </button>
      <button type="button" disabled={!chosen || name.trim() === '' || name.trim() === chosen.name} onClick={() => chosen && void rename(chosen)}>
        Rename
      </button>
      <button type="button" disabled={!chosen} onClick={() => chosen && void remove(chosen)}>
        Delete
      </button>
      <button type="button" disabled={presets.length === 0} onClick={() => void exportFile()}>
        Export
      </button>
      <button type="button" onClick={() => fileRef.current?.click()}>
        Import…
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="preset-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      {status && (
        <span className={status.error ? 'field-error' : 'muted'} role={status.error ? 'alert' : 'status'} data-testid="preset-status">
          {status.text}
        </span>
      )}
    </div>
  );
}
