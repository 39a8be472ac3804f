import type { ReactNode } from 'react';

/** What a page shows when there is nothing yet: what it is for, and the one thing to do first. */
export function EmptyState({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="empty-state" aria-label={title}>
      <h2>{title}</h2>
      <div className="empty-state-body">{children}</div>
      {actions && <div className="empty-state-actions">{actions}</div>}
    </section>
  );
}
