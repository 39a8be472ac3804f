import { useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import { TIMEFRAMES, timeframeMs, type StrategyInfo } from '../../../src-shared/backtest';
import { datasetText } from '../../../src-shared/format';
import { EmptyState } from '../../components/EmptyState';
import { formatNumber } from '../../components/charts/format';
import { errorMessage, useRunsApi } from './api';
import {
  DIRECTION_LABELS,
  DIRECTIONS,
  SIZING_LABELS,
  buildRequest,
  defaultForm,
  lastChoice,
  msToDateInput,
  recall,
  remember,
  type FieldErrors,
  type FormState,
  type SizingKind,
  type SlippageKind,
} from './form-model';
import { FormField } from './FormField';
import { paramsNamedIn } from './param-rules';
import { ParamFields } from './ParamFields';
import { RunProgress } from './RunProgress';
import { useRunJob } from './useRunJob';

/** The classic first backtest (backtesting.py's SmaCross) when nothing was used before. */
const DEFAULT_STRATEGY = 'sma-cross';
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function NewBacktestForm() {
  const api = useRunsApi();
  const navigate = useNavigate();
  // ?strategy=ID: "Run backtest" on the Strategies page opens the form with that strategy chosen.
  const [search] = useSearchParams();
  const wanted = search.get('strategy') ?? undefined;
  const [notice, setNotice] = useState<string>();
  const [datasets, setDatasets] = useState<readonly DatasetSummary[]>();
  const [strategies, setStrategies] = useState<readonly StrategyInfo[]>();
  const [loadError, setLoadError] = useState<string>();
  const [form, setForm] = useState<FormState>();
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const job = useRunJob((runId) => navigate(`/backtests/run/${runId}`));

  useEffect(() => {
    let live = true;
    Promise.all([api.datasets.list({}), api.backtests.strategies({})])
      .then(([ds, ss]) => {
        if (!live) return;
        setDatasets(ds);
        setStrategies(ss);
        const last = lastChoice();
        const dataset = ds.find((d) => d.id === last.datasetId) ?? ds[0];
        const asked = ss.find((s) => s.id === wanted);
        if (wanted && !asked) setNotice(`${wanted} cannot run yet: open it on the Strategies page to see why.`);
        const strategy = asked ?? ss.find((s) => s.id === last.strategyId) ?? ss.find((s) => s.id === DEFAULT_STRATEGY) ?? ss[0];
        const base = defaultForm(dataset?.id ?? '', strategy);
        setForm(strategy ? recall(base, strategy) : base);
      })
      .catch((error: unknown) => live && setLoadError(errorMessage(error)));
    return () => {
      live = false;
    };
  }, [api, wanted]);

  const dataset = datasets?.find((d) => d.id === form?.datasetId);
  const strategy = strategies?.find((s) => s.id === form?.strategyId);
  const checked = useMemo(() => (form ? buildRequest(form, strategy, dataset) : undefined), [form, strategy, dataset]);
  // Messages show once the user has touched the form (a fresh form with defaults is valid anyway).
  const errors: FieldErrors = touched ? { ...serverErrors, ...checked?.errors } : serverErrors;
  // A config the server refuses (a strategy rule the form does not know): show it beside the fields it names.
  useServerErrorMapping(job.state.phase === 'failed' ? job.state.error : undefined, strategy, setServerErrors);

  if (loadError) return <p className="error" role="alert">Could not load the form: {loadError}</p>;
  if (!datasets || !strategies || !form) return <p className="muted">Loading…</p>;
  if (datasets.length === 0) {
    return (
      <EmptyState title="You need data first">
        <p>
          A backtest runs a strategy over a dataset. <Link to="/data">Import a CSV or load the sample data</Link> to start.
        </p>
      </EmptyState>
    );
  }

  const update = (patch: Partial<FormState>) => {
    setTouched(true);
    setServerErrors({});
    setForm((f) => (f ? { ...f, ...patch } : f));
  };
  const chooseStrategy = (id: string) => {
    const next = strategies.find((s) => s.id === id);
    if (!next) return;
    setServerErrors({});
    setForm((f) => (f ? recall(f, next) : f));
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setTouched(true);
    if (job.active || !checked?.request) return;
    remember(form);
    setServerErrors({});
    await job.start(checked.request);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  const nativeMs = dataset?.timeframeMs ?? 0;
  const timeframes = TIMEFRAMES.filter((tf) => timeframeMs(tf) > nativeMs);
  const sizing = SIZING_LABELS[form.sizingKind];
  const errorCount = Object.keys(errors).length;

  return (
    <form className="backtest-form" onSubmit={submit} onKeyDown={onKeyDown} aria-label="New backtest" noValidate>
      <section className="card form-section" aria-labelledby="bt-data">
        <h2 id="bt-data">Data</h2>
        <div className="form-grid">
          <FormField id="bt-dataset" label="Dataset" error={errors.datasetId}>
            {(p) => (
              <select {...p} value={form.datasetId} onChange={(e) => update({ datasetId: e.target.value, timeframe: '' })}>
                {datasets.map((d) => (
                  <option key={d.id} value={d.id}>
                    {datasetText(d.name, d.symbol, d.timeframe)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            id="bt-timeframe"
            label="Timeframe"
            hint={dataset ? `${formatNumber(dataset.barCount, 0)} bars of ${dataset.timeframe}; coarser ones are resampled on the fly` : undefined}
          >
            {(p) => (
              <select {...p} value={form.timeframe} onChange={(e) => update({ timeframe: e.target.value })}>
                <option value="">{dataset ? `${dataset.timeframe} (as imported)` : 'As imported'}</option>
                {timeframes.map((tf) => (
                  <option key={tf} value={tf}>
                    {tf}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            id="bt-from"
            label="From (UTC)"
            error={errors.from}
            hint={dataset ? `Data starts ${msToDateInput(dataset.firstTime)}` : undefined}
          >
            {(p) => <input {...p} type="date" value={form.from} onChange={(e) => update({ from: e.target.value })} />}
          </FormField>
          <FormField id="bt-to" label="To (UTC)" error={errors.to} hint={dataset ? `Data ends ${msToDateInput(dataset.lastTime)}` : undefined}>
            {(p) => <input {...p} type="date" value={form.to} onChange={(e) => update({ to: e.target.value })} />}
          </FormField>
        </div>
      </section>

      <section className="card form-section" aria-labelledby="bt-strategy">
        <h2 id="bt-strategy">Strategy</h2>
        {notice && (
          <p className="field-error" role="alert">
            {notice}
          </p>
        )}
        <div className="form-grid">
          <FormField id="bt-strategy-id" label="Strategy" error={errors.strategyId}>
            {(p) => (
              <select {...p} value={form.strategyId} onChange={(e) => chooseStrategy(e.target.value)}>
                {strategies.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          {strategy && (
            <p className="strategy-description" data-testid="strategy-description">
              {strategy.description}
              {strategy.higherTimeframes.length > 0 && (
                <span className="muted"> Also reads the {strategy.higherTimeframes.join(', ')} timeframe.</span>
              )}{' '}
              <Link to={`/strategies/${encodeURIComponent(strategy.id)}`}>View its code</Link>
            </p>
          )}
        </div>
        {strategy && (
          <ParamFields
            specs={strategy.params}
            values={form.params}
            errors={errors}
            onChange={(name, value) => update({ params: { ...form.params, [name]: value } })}
          />
        )}
      </section>

      <section className="card form-section" aria-labelledby="bt-costs">
        <h2 id="bt-costs">Costs</h2>
        <div className="form-grid">
          <FormField id="bt-commission" label="Commission (% of value)" error={errors.commissionPct} hint="Charged on entry and on exit">
            {(p) => <input {...p} inputMode="decimal" value={form.commissionPct} onChange={(e) => update({ commissionPct: e.target.value })} />}
          </FormField>
          <FormField id="bt-commission-fixed" label="Commission (fixed per order)" error={errors.commissionFixed}>
            {(p) => <input {...p} inputMode="decimal" value={form.commissionFixed} onChange={(e) => update({ commissionFixed: e.target.value })} />}
          </FormField>
          <FormField id="bt-slippage-kind" label="Slippage">
            {(p) => (
              <select {...p} value={form.slippageKind} onChange={(e) => update({ slippageKind: e.target.value as SlippageKind })}>
                <option value="none">None</option>
                <option value="fraction">% of price</option>
                <option value="ticks">Ticks</option>
              </select>
            )}
          </FormField>
          {form.slippageKind === 'fraction' && (
            <FormField id="bt-slippage-pct" label="Slippage (% of price)" error={errors.slippagePct}>
              {(p) => <input {...p} inputMode="decimal" value={form.slippagePct} onChange={(e) => update({ slippagePct: e.target.value })} />}
            </FormField>
          )}
          {form.slippageKind === 'ticks' && (
            <>
              <FormField id="bt-slippage-ticks" label="Slippage (ticks)" error={errors.slippageTicks}>
                {(p) => <input {...p} inputMode="decimal" value={form.slippageTicks} onChange={(e) => update({ slippageTicks: e.target.value })} />}
              </FormField>
              <FormField id="bt-tick-size" label="Tick size" error={errors.tickSize}>
                {(p) => <input {...p} inputMode="decimal" value={form.tickSize} onChange={(e) => update({ tickSize: e.target.value })} />}
              </FormField>
            </>
          )}
          <FormField id="bt-spread" label="Spread (% of price)" error={errors.spreadPct} hint="Paid once per round trip">
            {(p) => <input {...p} inputMode="decimal" value={form.spreadPct} onChange={(e) => update({ spreadPct: e.target.value })} />}
          </FormField>
        </div>
      </section>

      <section className="card form-section" aria-labelledby="bt-position">
        <h2 id="bt-position">Position</h2>
        <div className="form-grid">
          <FormField id="bt-cash" label="Initial cash" error={errors.cash}>
            {(p) => <input {...p} inputMode="decimal" value={form.cash} onChange={(e) => update({ cash: e.target.value })} />}
          </FormField>
          <FormField id="bt-sizing" label="Sizing">
            {(p) => (
              <select
                {...p}
                value={form.sizingKind}
                onChange={(e) => {
                  const kind = e.target.value as SizingKind;
                  update({ sizingKind: kind, sizingValue: SIZING_LABELS[kind].def });
                }}
              >
                {(Object.keys(SIZING_LABELS) as SizingKind[]).map((k) => (
                  <option key={k} value={k}>
                    {SIZING_LABELS[k].label}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField id="bt-size" label={`${sizing.value} (${sizing.unit})`} error={errors.sizingValue}>
            {(p) => <input {...p} inputMode="decimal" value={form.sizingValue} onChange={(e) => update({ sizingValue: e.target.value })} />}
          </FormField>
          <FormField id="bt-stop-loss" label="Stop loss (% from entry)" error={errors.stopLossPct} hint="Empty: none">
            {(p) => <input {...p} inputMode="decimal" value={form.stopLossPct} onChange={(e) => update({ stopLossPct: e.target.value })} />}
          </FormField>
          <FormField id="bt-take-profit" label="Take profit (% from entry)" error={errors.takeProfitPct} hint="Empty: none">
            {(p) => <input {...p} inputMode="decimal" value={form.takeProfitPct} onChange={(e) => update({ takeProfitPct: e.target.value })} />}
          </FormField>
          <div className="form-field checkbox-field">
            <label>
              <input type="checkbox" checked={form.fractionalUnits} onChange={(e) => update({ fractionalUnits: e.target.checked })} /> Fractional units
            </label>
            <span className="hint muted">Off: whole units, as most brokers. Turn on for crypto: with whole units nothing is bought when one unit costs more than the cash</span>
          </div>
          <FormField id="bt-direction" label="Direction">
            {(p) => (
              <select {...p} value={form.direction} onChange={(e) => update({ direction: e.target.value as FormState['direction'] })}>
                {DIRECTIONS.map((d) => (
                  <option key={d} value={d}>
                    {DIRECTION_LABELS[d]}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
      </section>

      <div className="run-bar">
        <button type="submit" className="primary" disabled={job.active} aria-keyshortcuts={isMac ? 'Meta+Enter' : 'Control+Enter'}>
          Run backtest
        </button>
        <span className="muted">{isMac ? '⌘' : 'Ctrl'}+Enter</span>
        {touched && errorCount > 0 && (
          <span className="field-error" data-testid="form-error-count">
            {errorCount === 1 ? '1 field needs attention' : `${errorCount} fields need attention`}
            {errors.form ? `: ${errors.form}` : ''}
          </span>
        )}
        <RunProgress state={job.state} onCancel={() => void job.cancel()} />
      </div>
    </form>
  );
}

function useServerErrorMapping(failure: string | undefined, strategy: StrategyInfo | undefined, set: (errors: FieldErrors) => void) {
  useEffect(() => {
    if (!failure || !strategy) return;
    const names = paramsNamedIn(failure, strategy.params);
    if (names.length > 0) set(Object.fromEntries(names.map((n) => [`param.${n}`, failure])));
  }, [failure, strategy, set]);
}
