import { useState } from 'react';
import { toErrorValue } from '../../../src-shared/errors';

/** Inline rename: Enter saves, Escape cancels. */
export function RenameForm({
  name,
  onSave,
  onDone,
}: {
  name: string;
  onSave: (name: string) => Promise<unknown>;
  onDone: () => void;
}) {
  const [value, setValue] = useState(name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const save = async () => {
    const trimmed = value.trim();
    if (!trimmed) return setError('A name cannot be empty.');
    if (trimmed === name) return onDone();
    setBusy(true);
    try {
      await onSave(trimmed);
      onDone();
    } catch (e) {
      setError(toErrorValue(e).message);
      setBusy(false);
    }
  };
  return (
    <form
      className="rename-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        aria-label="New name"
        value={value}
        maxLength={200}
        autoFocus
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onDone();
          }
        }}
      />
      <button type="submit" className="primary" disabled={busy}>
        Save
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </form>
  );
}
