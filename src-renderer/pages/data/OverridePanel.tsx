import { useId, useMemo } from 'react';
import type { ImportOptionsInput, PreviewResult } from '../../../src-shared/api/datasets';
import type { ImportItem } from './import-store';
import { formatTime } from './format';

const DELIMITERS: readonly { value: '' | ',' | ';' | '\t' | '|'; label: string }[] = [
  { value: '', label: 'Detect' },
  { value: ',', label: 'Comma ,' },
  { value: ';', label: 'Semicolon ;' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Pipe |' },
];

const showDelimiter = (d: string) => (d === '\t' ? 'tab' : d);

function timeZones(): readonly string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

/** Whether the import can go ahead: every blocking question (day/month order) has an answer. */
export function unanswered(preview: PreviewResult | undefined, options: ImportOptionsInput): readonly string[] {
  if (!preview) return [];
  return preview.unsure
    .filter((u) => u.blocking && !(u.field === 'dateOrder' && options.dateOrder))
    .map((u) => u.message);
}

/**
 * Shown when detection was unsure: what it was unsure of, the first rows exactly as they will be
 * parsed, and the choices that change it (delimiter, day/month order, time zone, timeframe).
 */
export function OverridePanel({
  item,
  onChange,
  onImport,
  onCancel,
}: {
  item: ImportItem;
  onChange: (options: ImportOptionsInput) => void;
  onImport: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const zones = useMemo(() => timeZones(), []);
  const { preview, options } = item;
  const blocking = unanswered(preview, options);
  const set = (change: Partial<ImportOptionsInput>) => {
    const next: Record<string, unknown> = { ...options, ...change };
    // Empty means "let detection decide": leave the option out rather than send ''.
    for (const [k, v] of Object.entries(next)) if (v === '' || v === undefined) delete next[k];
    onChange(next as ImportOptionsInput);
  };
  const columns = preview ? Math.max(0, ...preview.rows.map((r) => r.raw.length)) : 0;

  return (
    <section className="override-panel" aria-label={`Check how ${item.fileName} is read`}>
      <h3>Check how this file is read</h3>
      {preview && (
        <ul className="unsure-list">
          {preview.unsure.map((u) => (
            <li key={`${u.field}:${u.message}`} className={u.blocking ? 'blocking' : undefined}>
              <strong>{u.field}</strong>: {u.message}
              {u.blocking && ' — choose below to continue'}
            </li>
          ))}
        </ul>
      )}
      <div className="override-fields">
        <label className="field">
          Delimiter
          <select
            value={options.delimiter ?? ''}
            onChange={(e) => set({ delimiter: (e.target.value || undefined) as ImportOptionsInput['delimiter'] })}
          >
            {DELIMITERS.map((d) => (
              <option key={d.label} value={d.value}>
                {d.value === '' && preview ? `Detect (${showDelimiter(preview.format.delimiter)})` : d.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Date order
          <select
            value={options.dateOrder ?? ''}
            onChange={(e) => set({ dateOrder: (e.target.value || undefined) as ImportOptionsInput['dateOrder'] })}
          >
            <option value="">Detect</option>
            <option value="DMY">Day first (DD/MM/YYYY)</option>
            <option value="MDY">Month first (MM/DD/YYYY)</option>
          </select>
        </label>
        <label className="field">
          Time zone of the timestamps
          <input
            list={`${id}-zones`}
            value={options.tz ?? 'UTC'}
            onChange={(e) => set({ tz: e.target.value })}
            spellCheck={false}
          />
          <datalist id={`${id}-zones`}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
        <label className="field">
          Timeframe
          <input
            value={options.timeframe ?? ''}
            onChange={(e) => set({ timeframe: e.target.value.trim() })}
            placeholder="Detect (e.g. 1m, 1h, 1d)"
            pattern="\d+(s|m|h|d|w)"
            size={14}
          />
        </label>
        <label className="field">
          Symbol
          <input
            value={options.symbol ?? ''}
            onChange={(e) => set({ symbol: e.target.value })}
            placeholder={preview?.symbol ?? 'From the file name'}
            size={14}
          />
        </label>
      </div>
      {item.previewError && (
        <p role="alert" className="error">
          {item.previewError.message}
        </p>
      )}
      {preview && (
        <div className="table-scroll">
          <table className="preview-table" aria-label="First rows as parsed">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Line
                </th>
                {Array.from({ length: columns }, (_, i) => (
                  <th key={i} scope="col">
                    {preview.format.headerNames?.[i] ?? `Column ${i + 1}`}
                  </th>
                ))}
                <th scope="col">→ Time (UTC)</th>
                <th scope="col" className="num">
                  Open
                </th>
                <th scope="col" className="num">
                  High
                </th>
                <th scope="col" className="num">
                  Low
                </th>
                <th scope="col" className="num">
                  Close
                </th>
                <th scope="col" className="num">
                  Volume
                </th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.line} className={row.error ? 'row-error' : undefined}>
                  <td className="num">{row.line}</td>
                  {Array.from({ length: columns }, (_, i) => (
                    <td key={i} className="mono raw">
                      {row.raw[i] ?? ''}
                    </td>
                  ))}
                  {row.error ? (
                    <td colSpan={6} className="error">
                      {row.error}
                    </td>
                  ) : (
                    <>
                      <td className="mono">{row.time === null ? '—' : formatTime(row.time)}</td>
                      <td className="num">{row.open ?? '—'}</td>
                      <td className="num">{row.high ?? '—'}</td>
                      <td className="num">{row.low ?? '—'}</td>
                      <td className="num">{row.close ?? '—'}</td>
                      <td className="num">{row.volume ?? '—'}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row-actions">
        <button type="button" className="primary" onClick={onImport} disabled={blocking.length > 0 || !preview}>
          Import
        </button>
        <button type="button" onClick={onCancel}>
          Skip this file
        </button>
        {blocking.length > 0 && <span className="muted">Choose the date order to continue.</span>}
      </div>
    </section>
  );
}
