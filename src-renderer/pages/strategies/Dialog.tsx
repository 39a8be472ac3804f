import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

/**
 * A modal form (native <dialog>: focus stays inside, Escape cancels). The submit button says
 * what it does; `error` is announced when it appears.
 */
export function Dialog({
  title,
  children,
  submitLabel,
  cancelLabel = 'Cancel',
  danger,
  busy,
  error,
  secondary,
  onSubmit,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  submitLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  error?: string;
  /** A third choice between cancelling and submitting ("Discard changes"). */
  secondary?: { readonly label: string; readonly onClick: () => void };
  onSubmit: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onSubmit();
  };
  return (
    <dialog
      ref={ref}
      className="strategy-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={titleId}>{title}</h2>
        <div className="strategy-dialog-body">{children}</div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="strategy-dialog-actions">
          <button type="button" onClick={onCancel}>
            {cancelLabel}
          </button>
          {secondary && (
            <button type="button" onClick={secondary.onClick} disabled={busy}>
              {secondary.label}
            </button>
          )}
          <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
