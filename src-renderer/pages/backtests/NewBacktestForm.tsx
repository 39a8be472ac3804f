import { useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { DatasetSummary } from '../../../src-shared/api/datasets';
import { TIMEFRAMES, timeframeMs, type StrategyInfo } from '../../../src-shared/backtest';
import { datasetText } from '../../../src-shared/format';
import { marketOfPrices, marketOfSymbol } from '../../../src-shared/fractional-units';
import { EmptyState } from '../../components/EmptyState';
import { formatNumber } from '../../components/charts/format';
import { errorMessage, useRunsApi, type RunsClient } from './api';
import {
  DIRECTION_LABELS,
  DIRECTIONS,
  EXIT_LABELS,
  EXITS,
  SIZING_LABELS,
  buildRequest,
  defaultForm,
  formFromRun,
  lastChoice,
  loadDraft,
  msToDateInput,
  recall,
  remember,
  saveDraft,
  type Exit,
  type ExitKind,
  type FieldErrors,
  type FormState,
  type SizingKind,
  type SlippageKind,
} from './form-model';
import { FormField } from './FormField';
import { paramsNamedIn } from './param-rules';
import { ParamFields } from './ParamFields';
import { PresetBar } from './PresetBar';
import { RunProgress } from './RunProgress';
import { useRunJob } from './useRunJob';

/** The classic first backtest (backtesting.py's SmaCross) when nothing was used before. */
const DEFAULT_STRATEGY = 'sma-cross';
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The form to start from: a run's (?from=RUN: Edit & rerun, "New backtest" on a run page), or a
 * dataset's (?dataset=ID: "Backtest this dataset"), or the form as it was left (a reload keeps
 * it), or the settings last used with the strategy asked for (?strategy=ID) or last used at all.
 */
async function initialForm(
  api: RunsClient,
  datasets: readonly DatasetSummary[],
  strategies: readonly StrategyInfo[],
  ask: { run?: string; dataset?: string; strategy?: string },
): Promise<{ form: FormState; notice?: string; freshDataset: boolean }> {
  if (ask.run) {
    const run = await api.runs.get({ id: ask.run });
    const strategy = strategies.find((s) => s.id === run.strategyId);
    const form = formFromRun(run, datasets, strategy);
    const notes = [
      !datasets.some((d) => d.id === run.datasetId) && `The run's dataset (${run.datasetName}) is no longer here: choose one.`,
      !strategy && `The run's strategy ${run.strategyId} cannot run now: open it on the Strategies page to see why.`,
    ].filter(Boolean);
    return { form, notice: notes.join(' ') || undefined, freshDataset: false };
  }
  const draft = loadDraft(strategies);
  const last = lastChoice();
  const datasetId =
    datasets.find((d) => d.id === ask.dataset)?.id ?? datasets.find((d) => d.id === (draft?.datasetId ?? last.datasetId))?.id ?? datasets[0]?.id ?? '';
  const asked = strategies.find((s) => s.id === ask.strategy);
  const notice = ask.strategy && !asked ? `${ask.strategy} cannot run yet: open it on the Strategies page to see why.` : undefined;
  // The form as it was left, unless another strategy is asked for (a reload of ?strategy=ID keeps the edits).
  if (draft && (!asked || asked.id === draft.strategyId)) {
    const moved = draft.datasetId !== datasetId;
    return { form: moved ? { ...draft, datasetId, timeframe: '', from: '', to: '' } : draft, notice, freshDataset: moved };
  }
  const strategy = asked ?? strategies.find((s) => s.id === (draft?.strategyId ?? last.strategyId)) ?? strategies.find((s) => s.id === DEFAULT_STRATEGY) ?? strategies[0];
  const base = draft ? { ...draft, datasetId } : defaultForm(datasetId, strategy);
  return { form: strategy ? recall(base, strategy) : base, notice, freshDataset: !draft || draft.datasetId !== datasetId };
}

/**
 * Whether the dataset is traded in fractions (crypto, FX), by its symbol or else its prices:
 * then the form proposes fractional units. Resolves with the reason, or undefined.
 */
async function fractionalReason(api: RunsClient, dataset: DatasetSummary): Promise<string | undefined> {
  const bySymbol = marketOfSymbol(dataset.symbol, dataset.name);
  const market =
    bySymbol ??
    marketOfPrices((await api.datasets.chart({ id: dataset.id, maxPoints: 200 }).catch(() => ({ close: [] as number[] }))).close);
  if (!market) return undefined;
  const what = market === 'crypto' ? 'crypto' : 'a currency pair';
  return `On, as proposed for ${dataset.symbol || dataset.name}: it looks like ${what}, traded in fractions of a unit`;
}

export function NewBacktestForm() {
  const api = useRunsApi();
  const navigate = useNavigate();
  // ?strategy=ID: "Run backtest" on the Strategies page; ?from=RUN: Edit & rerun; ?dataset=ID: "Backtest this dataset".
  const [search, setSearch] = useSearchParams();
  const wanted = search.get('strategy') ?? undefined;
  const fromRun = search.get('from') ?? undefined;
  const forDataset = search.get('dataset') ?? undefined;
  const [notice, setNotice] = useState<string>();
  const [unitsNote, setUnitsNote] = useState<string>();
  const [datasets, setDatasets] = useState<readonly DatasetSummary[]>();
  const [strategies, setStrategies] = useState<readonly StrategyInfo[]>();
  const [loadError, setLoadError] = useState<string>();
  const [form, setForm] = useState<FormState>();
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const job = useRunJob((runId) => navigate(`/backtests/run/${runId}`));

  useEffect(() => {
    let live = true;
    (async () => {
      const [ds, ss] = await Promise.all([api.datasets.list({}), api.backtests.strategies({})]);
      const start = await initialForm(api, ds, ss, { run: fromRun, dataset: forDataset, strategy: wanted });
      if (!live) return;
      setDatasets(ds);
      setStrategies(ss);
      setNotice(start.notice);
      setForm(start.form);
      // Kept at once, so that dropping a run's or a dataset's query below (a reload must not undo
      // the user's edits) finds it.
      saveDraft(start.form);
      const dataset = ds.find((d) => d.id === start.form.datasetId);
      if (start.freshDataset && dataset) proposeUnits(dataset);
      if (fromRun || forDataset) setSearch(wanted ? { strategy: wanted } : {}, { replace: true });
    })().catch((error: unknown) => live && setLoadError(errorMessage(error)));
    return () => {
      live = false;
    };
    // Only what the user asked for starts the form over; dropping the query does not.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [api, wanted, fromRun, forDataset]);

  useEffect(() => {
    if (form) saveDraft(form);
  }, [form]);

  /** Proposes fractional units for a crypto or FX dataset (the user may turn them off again). */
  function proposeUnits(dataset: DatasetSummary) {
    setUnitsNote(undefined);
    void fractionalReason(api, dataset).then((reason) => {
      if (!reason) return;
      setForm((f) => (f && f.datasetId === dataset.id ? { ...f, fractionalUnits: true } : f));
      setUnitsNote(reason);
    });
  }

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
              <select
                {...p}
                value={form.datasetId}
                onChange={(e) => {
                  update({ datasetId: e.target.value, timeframe: '' });
                  const next = datasets.find((d) => d.id === e.target.value);
                  if (next) proposeUnits(next);
                }}
              >
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
          <PresetBar
            key={strategy.id}
            strategy={strategy}
            form={form}
            config={checked?.request?.config}
            onLoad={(loaded) => {
              setTouched(true);
              setServerErrors({});
              setForm(loaded);
            }}
          />
        )}
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
        <p className="muted section-help">What each order pays. Commission is charged on the entry and again on the exit; spread once per round trip; slippage on every market fill, always against you.</p>
        <div className="form-grid">
          <FormField id="bt-commission" label="Commission (% of value)" error={errors.commissionPct} hint="Of the traded value, per order (0.1 = 0.1%)">
            {(p) => <input {...p} inputMode="decimal" value={form.commissionPct} onChange={(e) => update({ commissionPct: e.target.value })} />}
          </FormField>
          <FormField id="bt-commission-fixed" label="Commission (fixed per order)" error={errors.commissionFixed} hint="In account currency, added to the % part">
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
              <FormField id="bt-tick-size" label="Tick size" error={errors.tickSize} hint="The price step of one tick">
                {(p) => <input {...p} inputMode="decimal" value={form.tickSize} onChange={(e) => update({ tickSize: e.target.value })} />}
              </FormField>
            </>
          )}
          <FormField id="bt-spread" label="Spread (% of price)" error={errors.spreadPct} hint="Bid-ask spread, paid once per round trip at entry">
            {(p) => <input {...p} inputMode="decimal" value={form.spreadPct} onChange={(e) => update({ spreadPct: e.target.value })} />}
          </FormField>
        </div>
      </section>

      <section className="card form-section" aria-labelledby="bt-position">
        <h2 id="bt-position">Position</h2>
        <p className="muted section-help">How much each entry buys or sells, and on what account.</p>
        <div className="form-grid">
          <FormField id="bt-cash" label="Initial cash" error={errors.cash}>
            {(p) => <input {...p} inputMode="decimal" value={form.cash} onChange={(e) => update({ cash: e.target.value })} />}
          </FormField>
          <FormField id="bt-sizing" label="Sizing" hint={SIZING_HINTS[form.sizingKind]}>
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
          <FormField id="bt-leverage" label="Leverage (×)" error={errors.leverage} hint="Buying power = equity × leverage; 1 = none">
            {(p) => <input {...p} inputMode="decimal" value={form.leverage} onChange={(e) => update({ leverage: e.target.value })} />}
          </FormField>
          <FormField id="bt-direction" label="Direction" hint="Long and short: a sell signal closes a long and opens a short">
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
          <div className="form-field checkbox-field">
            <label>
              <input type="checkbox" checked={form.fractionalUnits} onChange={(e) => update({ fractionalUnits: e.target.checked })} /> Fractional units
            </label>
            <span className="hint muted" data-testid="units-hint">
              {unitsNote ?? 'Off: whole units, as most brokers. Turn on for crypto and FX: with whole units nothing is bought when one unit costs more than the cash'}
            </span>
          </div>
        </div>
      </section>

      <section className="card form-section" aria-labelledby="bt-exits">
        <h2 id="bt-exits">Exits</h2>
        <p className="muted section-help">
          Applied to every trade, as a percent from the entry price or a multiple of the Average True Range (ATR) at the entry bar. A strategy&apos;s own order may set its own. A trailing stop follows the best price since entry.
        </p>
        <div className="exit-rows">
          {EXITS.map((exit) => (
            <ExitFields key={exit} exit={exit} form={form} errors={errors} update={update} />
          ))}
        </div>
      </section>

      <section className="card form-section" aria-labelledby="bt-execution">
        <h2 id="bt-execution">Execution and statistics</h2>
        <div className="form-grid">
          <div className="form-field checkbox-field">
            <label>
              <input type="checkbox" checked={form.tradeOnClose} onChange={(e) => update({ tradeOnClose: e.target.checked })} /> Trade on close
            </label>
            <span className="hint muted">Fill market orders at the close of the bar that decided them, not at the next bar&apos;s open</span>
          </div>
          <div className="form-field checkbox-field">
            <label>
              <input type="checkbox" checked={form.closeAtEnd} onChange={(e) => update({ closeAtEnd: e.target.checked })} /> Close at end
            </label>
            <span className="hint muted">Close a position still open at the last bar (exit reason &quot;end&quot;); off leaves it out of the trade statistics</span>
          </div>
          <FormField id="bt-risk-free" label="Risk-free rate (% a year)" error={errors.riskFreeRatePct} hint="Subtracted from returns in Sharpe and Sortino">
            {(p) => <input {...p} inputMode="decimal" value={form.riskFreeRatePct} onChange={(e) => update({ riskFreeRatePct: e.target.value })} />}
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

const SIZING_HINTS: Readonly<Record<SizingKind, string>> = {
  'equity-fraction': 'A share of buying power (cash × leverage) at each entry',
  'fixed-quantity': 'The same number of units at each entry',
  'fixed-cash': 'The same amount of money at each entry',
  risk: 'Sized so that hitting the stop loses this share of equity',
};

/** One exit: none, a percent from entry, or a multiple of ATR over a period. */
function ExitFields({ exit, form, errors, update }: { exit: Exit; form: FormState; errors: FieldErrors; update: (patch: Partial<FormState>) => void }) {
  const kind = form[`${exit}Kind`];
  const label = EXIT_LABELS[exit];
  const id = `bt-${exit}`;
  return (
    <div className="form-grid exit-row" data-testid={`exit-${exit}`}>
      <FormField id={`${id}-kind`} label={label}>
        {(p) => (
          <select {...p} value={kind} onChange={(e) => update({ [`${exit}Kind`]: e.target.value as ExitKind })}>
            <option value="none">None</option>
            <option value="percent">% from entry</option>
            <option value="atr">ATR multiple</option>
          </select>
        )}
      </FormField>
      {kind === 'percent' && (
        <FormField id={`${id}-pct`} label={`${label} (% from entry)`} error={errors[`${exit}Pct`]}>
          {(p) => <input {...p} inputMode="decimal" value={form[`${exit}Pct`]} onChange={(e) => update({ [`${exit}Pct`]: e.target.value })} />}
        </FormField>
      )}
      {kind === 'atr' && (
        <>
          <FormField id={`${id}-atr`} label={`${label} (× ATR)`} error={errors[`${exit}Atr`]}>
            {(p) => <input {...p} inputMode="decimal" value={form[`${exit}Atr`]} onChange={(e) => update({ [`${exit}Atr`]: e.target.value })} />}
          </FormField>
          <FormField id={`${id}-atr-period`} label="ATR period (bars)" error={errors[`${exit}AtrPeriod`]}>
            {(p) => <input {...p} inputMode="numeric" value={form[`${exit}AtrPeriod`]} onChange={(e) => update({ [`${exit}AtrPeriod`]: e.target.value })} />}
          </FormField>
        </>
      )}
    </div>
  );
}
