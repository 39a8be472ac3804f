import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import type { RunSummary } from '../../../src-shared/api/runs';
import type { StrategyInfo } from '../../../src-shared/backtest';
import { datasetText } from '../../../src-shared/format';
import type { ObjectiveStatistic } from '../../../src-shared/optimize/objective';
import { formatCount } from './format';
import { errorMessage, useRunsApi } from '../backtests/api';
import { FormField } from '../backtests/FormField';
import { buildOptimization, defaultSetup, OBJECTIVE_CHOICES, type ParamRow, type SetupMode, type SetupState } from './setup-model';

const MODES: readonly { readonly mode: SetupMode; readonly label: string }[] = [
  { mode: 'search', label: 'Parameter search' },
  { mode: 'walk-forward', label: 'Walk-forward' },
  { mode: 'monte-carlo', label: 'Monte Carlo of a run' },
];

/** The set-up: what to optimize (strategy, dataset, parameter ranges from its schema), how, and by what. */
export function SetupForm() {
  const api = useRunsApi();
  const navigate = useNavigate();
  const [datasets, setDatasets] = useState<readonly DatasetSummary[]>();
  const [strategies, setStrategies] = useState<readonly StrategyInfo[]>();
  const [runs, setRuns] = useState<readonly RunSummary[]>([]);
  const [state, setState] = useState<SetupState>();
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    Promise.all([api.datasets.list({}), api.backtests.strategies({}), api.runs.list({ limit: 200 })])
      .then(([ds, ss, rs]) => {
        if (!live) return;
        setDatasets(ds);
        setStrategies(ss);
        setRuns(rs.runs);
        const strategy = ss.find((s) => s.id === 'sma-cross') ?? ss[0];
        setState({ ...defaultSetup(ds[0]?.id ?? '', strategy), runId: rs.runs[0]?.id ?? '' });
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api]);

  const strategy = strategies?.find((s) => s.id === state?.strategyId);
  const built = useMemo(() => (state ? buildOptimization(state, strategy) : undefined), [state, strategy]);
  if (error && !state) return <p className="error" role="alert">Could not load the set-up: {error}</p>;
  if (!state || !datasets || !strategies || !built) return <p className="muted">Loading…</p>;
  const errors = touched ? built.errors : {};
  const set = (patch: Partial<SetupState>) => setState({ ...state, ...patch });
  const setRow = (name: string, patch: Partial<ParamRow>) => set({ params: { ...state.params, [name]: { ...state.params[name], ...patch } } });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!built.request) return;
    setBusy(true);
    setError(undefined);
    try {
      const { optimization } = await api.optimizations.create(built.request);
      navigate(`/optimize/${optimization.id}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const search = state.mode !== 'monte-carlo';
  const variants = state.method === 'grid' ? built.gridSize : Math.min(Number(state.samples) || 0, built.gridSize);
  return (
    <form className="card optimize-setup" onSubmit={(e) => void submit(e)} aria-label="New optimization" noValidate>
      <div className="mode-tabs" role="radiogroup" aria-label="What to run">
        {MODES.map((m) => (
          <label key={m.mode} className={state.mode === m.mode ? 'mode-tab active' : 'mode-tab'}>
            <input type="radio" name="opt-mode" value={m.mode} checked={state.mode === m.mode} onChange={() => set({ mode: m.mode })} />
            {m.label}
          </label>
        ))}
      </div>

      {search ? (
        <>
          <div className="form-grid">
            <FormField id="opt-strategy" label="Strategy" error={errors['opt-strategy']}>
              {(p) => (
                <select {...p} value={state.strategyId} onChange={(e) => setState({ ...defaultSetup(state.datasetId, strategies.find((s) => s.id === e.target.value)), mode: state.mode, runId: state.runId })}>
                  {strategies.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField id="opt-dataset" label="Dataset" error={errors['opt-dataset']}>
              {(p) => (
                <select {...p} value={state.datasetId} onChange={(e) => set({ datasetId: e.target.value })}>
                  {datasets.map((d) => (
                    <option key={d.id} value={d.id}>
                      {datasetText(d.name, d.symbol, d.timeframe)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField id="opt-objective" label="Objective">
              {(p) => (
                <select {...p} value={state.objective} onChange={(e) => set({ objective: e.target.value as ObjectiveStatistic, direction: e.target.value === 'maxDrawdownPct' ? 'minimize' : 'maximize' })}>
                  {OBJECTIVE_CHOICES.map((o) => (
                    <option key={o.statistic} value={o.statistic}>
                      {o.label}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField id="opt-direction" label="Best is">
              {(p) => (
                <select {...p} value={state.direction} onChange={(e) => set({ direction: e.target.value as 'maximize' | 'minimize' })}>
                  <option value="maximize">highest</option>
                  <option value="minimize">lowest</option>
                </select>
              )}
            </FormField>
            <FormField id="opt-method" label="Method">
              {(p) => (
                <select {...p} value={state.method} onChange={(e) => set({ method: e.target.value as SetupState['method'] })}>
                  <option value="grid">Grid (every combination)</option>
                  <option value="random">Random sample</option>
                  <option value="bayesian">Bayesian (TPE)</option>
                </select>
              )}
            </FormField>
            {state.method !== 'grid' && (
              <>
                <FormField id="opt-samples" label="Variants" error={errors['opt-samples']}>
                  {(p) => <input {...p} type="number" min={1} value={state.samples} onChange={(e) => set({ samples: e.target.value })} />}
                </FormField>
                <FormField id="opt-seed" label="Seed" error={errors['opt-seed']}>
                  {(p) => <input {...p} type="number" min={0} value={state.seed} onChange={(e) => set({ seed: e.target.value })} />}
                </FormField>
              </>
            )}
          </div>

          <fieldset className="param-ranges">
            <legend>Parameters</legend>
            {errors['opt-params'] && (
              <p className="field-error" role="alert">
                {errors['opt-params']}
              </p>
            )}
            <table>
              <thead>
                <tr>
                  <th>Parameter</th>
                  <th>Vary</th>
                  <th>From</th>
                  <th>To</th>
                  <th>Step / values</th>
                  <th>Held at</th>
                </tr>
              </thead>
              <tbody>
                {strategy?.params.map((spec) => {
                  const row = state.params[spec.name];
                  if (!row) return null;
                  const numeric = spec.type === 'int' || spec.type === 'float';
                  const id = `opt-param-${spec.name}`;
                  return (
                    <tr key={spec.name}>
                      <th scope="row">
                        {spec.label}
                        {errors[id] && (
                          <span className="field-error" role="alert" data-testid={`error-${id}`}>
                            <br />
                            {errors[id]}
                          </span>
                        )}
                      </th>
                      <td>
                        <input type="checkbox" aria-label={`Vary ${spec.label}`} checked={row.vary} onChange={(e) => setRow(spec.name, { vary: e.target.checked })} />
                      </td>
                      {numeric ? (
                        <>
                          <td>
                            <input aria-label={`${spec.label} from`} type="number" value={row.min} disabled={!row.vary} onChange={(e) => setRow(spec.name, { min: e.target.value })} />
                          </td>
                          <td>
                            <input aria-label={`${spec.label} to`} type="number" value={row.max} disabled={!row.vary} onChange={(e) => setRow(spec.name, { max: e.target.value })} />
                          </td>
                          <td>
                            <input aria-label={`${spec.label} step`} type="number" value={row.step} disabled={!row.vary} onChange={(e) => setRow(spec.name, { step: e.target.value })} />
                          </td>
                        </>
                      ) : (
                        <td colSpan={3}>
                          <input aria-label={`${spec.label} values`} value={row.values} disabled={!row.vary} onChange={(e) => setRow(spec.name, { values: e.target.value })} />
                        </td>
                      )}
                      <td>
                        <input aria-label={`${spec.label} held at`} value={row.fixed} disabled={row.vary} onChange={(e) => setRow(spec.name, { fixed: e.target.value })} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </fieldset>

          <div className="form-grid">
            <FormField id="opt-constraints" label="Constraints" error={errors['opt-constraints']} hint="One a line: fast<slow (parameters) or trades>=10 (statistics)">
              {(p) => <textarea {...p} rows={2} value={state.constraints} onChange={(e) => set({ constraints: e.target.value })} />}
            </FormField>
            {state.mode === 'walk-forward' && (
              <>
                <FormField id="opt-windows" label="In-sample" error={errors['opt-windows']} hint="e.g. 6M, 90d, 2000b (bars)">
                  {(p) => <input {...p} value={state.inSample} onChange={(e) => set({ inSample: e.target.value })} />}
                </FormField>
                <FormField id="opt-oos" label="Out-of-sample" hint="e.g. 1M; windows step by this length">
                  {(p) => <input {...p} value={state.outOfSample} onChange={(e) => set({ outOfSample: e.target.value })} />}
                </FormField>
                <FormField id="opt-anchored" label="Anchored">
                  {(p) => <input {...p} type="checkbox" checked={state.anchored} onChange={(e) => set({ anchored: e.target.checked })} />}
                </FormField>
              </>
            )}
          </div>
        </>
      ) : (
        <div className="form-grid">
          <FormField id="opt-run" label="Run" error={errors['opt-run']}>
            {(p) => (
              <select {...p} value={state.runId} onChange={(e) => set({ runId: e.target.value })}>
                {runs.length === 0 && <option value="">No runs yet: run a backtest first</option>}
                {runs.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField id="opt-mc-method" label="Method">
            {(p) => (
              <select {...p} value={state.mcMethod} onChange={(e) => set({ mcMethod: e.target.value as SetupState['mcMethod'] })}>
                <option value="reshuffle">Reshuffle trades</option>
                <option value="bootstrap">Bootstrap trades</option>
                <option value="blocks">Resample prices (blocks)</option>
              </select>
            )}
          </FormField>
          <FormField id="opt-mc-runs" label="Simulations" error={errors['opt-mc-runs']}>
            {(p) => <input {...p} type="number" min={1} value={state.mcRuns} onChange={(e) => set({ mcRuns: e.target.value })} />}
          </FormField>
          <FormField id="opt-seed" label="Seed" error={errors['opt-seed']}>
            {(p) => <input {...p} type="number" min={0} value={state.seed} onChange={(e) => set({ seed: e.target.value })} />}
          </FormField>
          <FormField id="opt-threshold" label="Drawdown threshold (%)" error={errors['opt-threshold']}>
            {(p) => <input {...p} type="number" min={0} max={100} value={state.threshold} onChange={(e) => set({ threshold: e.target.value })} />}
          </FormField>
        </div>
      )}

      <div className="run-bar">
        <button type="submit" className="primary" disabled={busy}>
          {state.mode === 'monte-carlo' ? 'Run Monte Carlo' : state.mode === 'walk-forward' ? 'Run walk-forward' : 'Run optimization'}
        </button>
        {search && (
          <span className="muted" data-testid="variant-count">
            {formatCount(variants)} variant{variants === 1 ? '' : 's'}
            {state.mode === 'walk-forward' ? ' per window' : ''} (before the strategy's rules and constraints)
          </span>
        )}
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
