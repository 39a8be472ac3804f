import { useState, type FormEvent } from 'react';
import type { RunSummary } from '../../../src-shared/api/runs';
import { errorMessage, useRunsApi } from '../backtests/api';

export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

/** Rename, notes and tags of one run. */
export function RunEditor({ run, onSaved, onCancel }: { run: RunSummary; onSaved: () => void; onCancel: () => void }) {
  const api = useRunsApi();
  const [name, setName] = useState(run.name);
  const [notes, setNotes] = useState(run.notes);
  const [tags, setTags] = useState(run.tags.join(', '));
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const tagList = parseTags(tags);
  const badTag = tagList.find((t) => t.length > 40);
  const problem = !name.trim() ? 'Name must not be empty' : badTag ? `Tag "${badTag.slice(0, 20)}…" is longer than 40 characters` : undefined;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (problem) return;
    setSaving(true);
    setError(undefined);
    try {
      await api.runs.update({ id: run.id, name: name.trim(), notes, tags: tagList });
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const id = `edit-${run.id}`;
  return (
    <form className="run-editor" onSubmit={save} aria-label={`Edit ${run.name}`}>
      <div className="form-field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!name.trim()} />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-tags`}>Tags (comma-separated)</label>
        <input id={`${id}-tags`} value={tags} onChange={(e) => setTags(e.target.value)} placeholder="e.g. baseline, btc" />
      </div>
      <div className="form-field notes">
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea id={`${id}-notes`} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </div>
      <div className="bt-actions">
        {(problem ?? error) && (
          <span className="field-error" role="alert">
            {problem ?? error}
          </span>
        )}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={saving || Boolean(problem)}>
          Save
        </button>
      </div>
    </form>
  );
}
