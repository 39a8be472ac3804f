import { Link } from 'react-router';
import type { Lineage, LineageNode } from '../../../src-shared/api/models';

const ORIGIN: Readonly<Record<string, string>> = { trained: '', 'from-parent': 'child', retrained: 'retrained' };

function Node({ node, current }: { node: LineageNode; current: string }) {
  const m = node.model;
  return (
    <li data-testid="lineage-node" data-model-id={m.id}>
      <span className={m.id === current ? 'lineage-item current' : 'lineage-item'} aria-current={m.id === current ? 'true' : undefined}>
        {m.id === current ? <strong>{m.name}</strong> : <Link to={`/models/${m.id}`}>{m.name}</Link>}
        <span className={`model-status status-${m.status}`}>{m.status}</span>
        {ORIGIN[m.origin] && <span className="muted small">{ORIGIN[m.origin]}</span>}
        {m.metrics?.accuracy != null && <span className="muted small">acc {m.metrics.accuracy.toFixed(3)}</span>}
      </span>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child) => (
            <Node key={child.model.id} node={child} current={current} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The models a model descends from and that descend from it, as a tree from its oldest ancestor still here. */
export function LineageTree({ lineage, current }: { lineage: Lineage; current: string }) {
  return (
    <div className="lineage" data-testid="lineage-tree">
      {lineage.deletedAncestor && <p className="muted small">Derived from {lineage.deletedAncestor.name} (deleted)</p>}
      <ul className="lineage-tree" aria-label="Lineage">
        <Node node={lineage.root} current={current} />
      </ul>
    </div>
  );
}
