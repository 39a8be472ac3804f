import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { MonthlyReturn, RunDetail } from '../../../src-shared/api/runs';
import { isTimeframe, timeframeMs, type Trade } from '../../../src-shared/backtest';
import { datasetText } from '../../../src-shared/format';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber, formatTime } from '../../components/charts/format';
import type { TimeRange } from '../../components/charts/time-axis';
import { errorMessage, useRunsApi } from './api';
import { EquityCharts } from './EquityCharts';
import { ExportButtons } from './ExportButtons';
import { MonthlyReturns } from './MonthlyReturns';
import { PriceChart } from './PriceChart';
import { RunCode } from './RunCode';
import { ReturnsHistogram } from './ReturnsHistogram';
import { HeadlineCards, StatsTable } from './StatsView';
import { TradesTable } from './TradesTable';
import { IndicatorLegend, IndicatorPanes } from './IndicatorCharts';
import { useRunIndicators } from './useRunIndicators';
import { useRunSeries } from './useRunSeries';

/** Bars shown around a trade the user picked in the table. */
const CONTEXT_BARS = 60;

/** Keyed by run id, so opening another run starts from a clean state. */
export function RunView() {
  const { runId = '' } = useParams();
  return <RunResult key={runId} runId={runId} />;
}

function RunResult({ runId }: { runId: string }) {
  const api = useRunsApi();
  const [run, setRun] = useState<RunDetail>();
  const [trades, setTrades] = useState<readonly Trade[]>();
  const [months, setMonths] = useState<readonly MonthlyReturn[]>();
  const [error, setError] = useState<string>();
  const [range, setRange] = useState<TimeRange>(null);
  const [selected, setSelected] = useState<Trade>();
  const priceRef = useRef<HTMLDivElement>(null);
  const series = useRunSeries(runId, range);
  // ?view=code: the strategy code the run used, instead of its results (a link can point at it).
  const [search, setSearch] = useSearchParams();
  const view = search.get('view') === 'code' ? 'code' : 'results';
  const showView = useCallback((next: 'results' | 'code') => setSearch(next === 'code' ? { view: 'code' } : {}), [setSearch]);
  const indicators = useRunIndicators(runId, range);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const toggleIndicator = useCallback((key: string) => {
    setHidden((was) => {
      const now = new Set(was);
      if (!now.delete(key)) now.add(key);
      return now;
    });
  }, []);
  const shownLines = useMemo(() => indicators.lines.filter((l) => !hidden.has(l.key)), [indicators.lines, hidden]);
  const overlays = useMemo(() => shownLines.filter((l) => l.overlay), [shownLines]);
  const panes = useMemo(() => shownLines.filter((l) => !l.overlay), [shownLines]);
  // One element per change of the lines or toggles, so the memoized price chart skips other renders.
  const legend = useMemo(
    () => <IndicatorLegend lines={indicators.lines} hidden={hidden} onToggle={toggleIndicator} />,
    [indicators.lines, hidden, toggleIndicator],
  );

  useEffect(() => {
    let live = true;
    api.runs
      .get({ id: runId })
      .then((r) => live && setRun(r))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    api.runs
      .monthlyReturns({ id: runId })
      .then((m) => live && setMonths(m))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api, runId]);

  // Trades can be tens of megabytes (100,000 of them): ask for them once the charts' series is
  // here, so their transfer and decoding never delay the first paint of the charts.
  const seriesReady = series.overview !== undefined;
  useEffect(() => {
    if (!seriesReady) return;
    let live = true;
    api.runs
      .trades({ id: runId })
      .then((t) => live && setTrades(t))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [api, runId, seriesReady]);

  const fullRange = useMemo(() => {
    const first = series.overview?.[0]?.time ?? run?.stats.startTime ?? 0;
    const last = series.overview?.at(-1)?.time ?? run?.stats.endTime ?? first + 1;
    return { from: first, to: last };
  }, [series.overview, run]);

  const selectTrade = useCallback(
    (trade: Trade) => {
      setSelected(trade);
      const barMs = run && isTimeframe(run.timeframe) ? timeframeMs(run.timeframe) : Math.max(1, trade.durationMs / Math.max(1, trade.barsHeld));
      const half = Math.max(CONTEXT_BARS * barMs, (trade.exitTime - trade.entryTime) * 1.5);
      const mid = (trade.entryTime + trade.exitTime) / 2;
      setRange({ from: Math.max(fullRange.from, mid - half), to: Math.min(fullRange.to, mid + half) });
      priceRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    },
    [run, fullRange],
  );

  if (error) {
    return (
      <>
        <PageHeader title="Backtest result" />
        <p className="error" role="alert">
          Could not open this run: {error}. <Link to="/history">Back to History</Link>
        </p>
      </>
    );
  }
  if (!run) return <p className="muted">Loading the run…</p>;

  const params = Object.entries(run.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return (
    <>
      <PageHeader
        title={run.name}
        subtitle={`${datasetText(run.datasetName, run.symbol, run.timeframe)} · ${formatNumber(run.barCount, 0)} bars · ${run.strategyId}${params ? ` (${params})` : ''} · run ${formatTime(run.createdAt)}`}
        actions={
          <>
            <Link className="button-link" to={`/backtests?from=${run.id}`} title="Open the form with this run's data, window, strategy, parameters and costs">
              Edit &amp; rerun
            </Link>
            {/* A new backtest starts from this run's settings too: the form is where they are changed. */}
            <Link className="button-link" to={`/backtests?from=${run.id}`}>
              New backtest
            </Link>
            <Link className="button-link" to="/history">
              History
            </Link>
          </>
        }
      />
      <div className="run-tabs" role="tablist" aria-label="Run views">
        {(['results', 'code'] as const).map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} className={view === v ? 'active' : undefined} onClick={() => showView(v)}>
            {v === 'results' ? 'Results' : 'Code'}
          </button>
        ))}
      </div>
      {view === 'code' ? (
        <section className="card" role="tabpanel" aria-label="Code">
          <RunCode run={run} />
        </section>
      ) : (
        <div className="run-view" data-testid="run-view" data-run-id={run.id} role="tabpanel" aria-label="Results">
          <ExportButtons runId={run.id} />
          {run.noTradesReason && (
            <p className="card no-trades-banner" role="status" data-testid="no-trades-reason">
              <strong>No trades.</strong> {run.noTradesReason}
            </p>
          )}
          <HeadlineCards stats={run.stats} />
          <section className="card" aria-label="Equity and drawdown">
            {series.error && <p className="error">Could not load the equity series: {series.error}</p>}
            {series.overview && series.visible ? (
              <EquityCharts
                overview={series.overview}
                visible={series.visible}
                range={range}
                onRange={setRange}
                hasBuyHold={series.overview.some((p) => p.buyHold !== undefined)}
              />
            ) : (
              <p className="muted">Loading the equity curve…</p>
            )}
            <div className="zoom-bar">
              <span className="muted" data-testid="zoom-state">
                {range ? `${formatTime(range.from)} → ${formatTime(range.to)}` : `Whole run · ${formatNumber(series.totalPoints, 0)} bars`}
              </span>
              {range && (
                <button type="button" onClick={() => setRange(null)}>
                  Reset zoom
                </button>
              )}
            </div>
          </section>
          <section className="card" aria-label="Price and trades" ref={priceRef}>
            <PriceChart
              datasetId={run.datasetId}
              timeframe={run.timeframe}
              range={range}
              fullRange={fullRange}
              trades={trades ?? []}
              selected={selected}
              overlays={overlays}
              indicatorPoints={indicators.points}
              legend={legend}
            />
            {indicators.error && <p className="error">Could not load the indicators: {indicators.error}</p>}
            {!run.datasetId && legend}
            <IndicatorPanes lines={panes} points={indicators.points} from={range?.from ?? fullRange.from} to={range?.to ?? fullRange.to} />
          </section>
          <section className="card" aria-label="Trades">
            {trades ? <TradesTable trades={trades} selected={selected} onSelect={selectTrade} /> : <p className="muted">Loading trades…</p>}
          </section>
          <div className="run-columns">
            <section className="card" aria-label="Statistics">
              <StatsTable stats={run.stats} />
            </section>
            <div className="run-side">
              <section className="card" aria-label="Trade return distribution">
                {trades ? <ReturnsHistogram trades={trades} /> : <p className="muted">Loading…</p>}
              </section>
              <section className="card" aria-label="Monthly returns">
                {months ? <MonthlyReturns months={months} /> : <p className="muted">Loading…</p>}
              </section>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
