import './progress.css';

/** A labelled progress bar (0…1); without a fraction it shows an indeterminate stripe. */
export function ProgressBar({ fraction, label }: { fraction?: number; label: string }) {
  const pct = fraction === undefined ? undefined : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      className={pct === undefined ? 'progress indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div className="progress-fill" style={pct === undefined ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
