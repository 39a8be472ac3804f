import { rgb, type Color } from 'pdf-lib';
import type { MonthlyReturn, RunDetail } from '../../../src-shared/api/runs';
import { STAT_DEFINITIONS, type BacktestConfig, type ExitDistance, type Trade } from '../../../src-shared/backtest';
import { chartIndices, pick } from '../downsample';
import type { RunData } from '../repository';
import { formatCount, formatMoney, formatPercent, formatPrice, formatRatio, formatStat, formatTime } from './format';
import { BUY_HOLD_GREY, EQUITY_BLUE, GAIN_GREEN, LOSS_RED, returnsHistogram, timeChart } from './pdf-charts';
import { MUTED, RULE, ReportWriter, type Column } from './pdf-layout';

/**
 * The run report: everything needed to judge and reproduce a backtest on paper, produced offline
 * (standard fonts, no network). Page 1 is the summary (configuration, headline numbers, equity and
 * drawdown); then the trade-return histogram, monthly returns, every statistic, and the first
 * `maxTrades` trades. The same run gives the same bytes: dates in the file are the run's own.
 */
export async function runReportPdf(
  detail: RunDetail,
  data: RunData,
  trades: readonly Trade[],
  monthly: readonly MonthlyReturn[],
  options: { maxTrades: number },
): Promise<Uint8Array> {
  const w = await ReportWriter.create();
  const created = new Date(detail.createdAt);
  w.doc.setTitle(detail.name);
  w.doc.setSubject('Barwise backtest report');
  w.doc.setCreator('Barwise');
  w.doc.setProducer('Barwise (pdf-lib)');
  w.doc.setCreationDate(created);
  w.doc.setModificationDate(created);

  title(w, detail);
  w.heading('Configuration and provenance', 120);
  w.keyValues(configPairs(detail));
  w.keyValues(
    [
      ['Data content hash', detail.provenance.dataHash],
      ['Result hash', detail.resultHash],
    ],
    1,
  );
  w.heading('Headline statistics');
  headline(w, detail);
  curves(w, data);

  w.newPage();
  w.heading('Trade returns', 150);
  if (trades.length) returnsHistogram(w, trades.map((t) => t.returnPct), 130);
  else w.paragraph('No closed trades.', { color: MUTED });
  w.heading('Monthly returns', 60);
  monthlyTable(w, monthly);
  w.heading('All statistics', 120);
  statsTable(w, detail);
  tradesTable(w, trades, options.maxTrades);

  w.footers(detail.name);
  return w.doc.save();
}

function title(w: ReportWriter, detail: RunDetail): void {
  for (const line of w.wrap(detail.name, w.width, 17, true)) {
    w.y -= 20;
    w.text(line, w.left, w.y, { size: 17, bold: true });
  }
  w.y -= 14;
  const { stats } = detail;
  w.text(
    `${detail.symbol} ${detail.timeframe} · ${formatTime(stats.startTime)} to ${formatTime(stats.endTime)} · run created ${formatTime(detail.createdAt)}`,
    w.left,
    w.y,
    { size: 8.5, color: MUTED, maxWidth: w.width },
  );
  w.y -= 4;
}

function configPairs(detail: RunDetail): [string, string][] {
  const { config, provenance } = detail;
  const params = Object.entries(provenance.params);
  return [
    ['Dataset', detail.datasetName],
    ['Symbol, timeframe', `${detail.symbol}, ${detail.timeframe}`],
    ['Strategy', `${provenance.strategyId} v${provenance.strategyVersion}`],
    ['Parameters', params.length ? params.map(([k, v]) => `${k} = ${v}`).join(', ') : 'none'],
    ['Engine version', provenance.engineVersion],
    ['Bars, trades', `${formatCount(detail.barCount)}, ${formatCount(detail.tradeCount)}`],
    ['Date range', config.from === undefined && config.to === undefined ? 'all bars' : `${formatTime(config.from ?? null)} to ${formatTime(config.to ?? null)}`],
    ['Initial cash', formatMoney(config.cash)],
    ['Commission', `${formatPercent(config.commission.fraction * 100, 3)} of value + ${formatMoney(config.commission.fixed)} per order`],
    ['Slippage', slippageText(config)],
    ['Spread', formatPercent(config.spread * 100, 3)],
    ['Sizing', sizingText(config)],
    ['Direction', config.direction],
    ['Leverage', `${config.leverage}x`],
    ['Fills', config.tradeOnClose ? "at the deciding bar's close" : "at the next bar's open"],
    ['Units', config.fractionalUnits ? 'fractional' : 'whole'],
    ['Stop loss', exitText(config.stopLoss)],
    ['Take profit', exitText(config.takeProfit)],
    ['Trailing stop', exitText(config.trailingStop)],
    ['At end of data', config.closeAtEnd ? 'close open position' : 'leave position open'],
    ['Risk-free rate', formatPercent(config.riskFreeRate * 100)],
    ['Periods per year', formatStat(detail.stats.periodsPerYear, 'count')],
  ];
}

function slippageText(config: BacktestConfig): string {
  const s = config.slippage;
  if (s.kind === 'none') return 'none';
  if (s.kind === 'fraction') return `${formatPercent(s.fraction * 100, 3)} of price`;
  return `${s.ticks} ticks of ${s.tickSize}`;
}

function sizingText(config: BacktestConfig): string {
  const s = config.sizing;
  switch (s.kind) {
    case 'equity-fraction':
      return `${formatPercent(s.fraction * 100)} of buying power`;
    case 'fixed-quantity':
      return `${s.quantity} units`;
    case 'fixed-cash':
      return `${formatMoney(s.amount)} per trade`;
    case 'risk':
      return `risk ${formatPercent(s.riskPct)} of equity to the stop`;
  }
}

function exitText(exit: ExitDistance): string {
  if (exit.kind === 'none') return 'none';
  if (exit.kind === 'percent') return `${formatPercent(exit.percent)} from entry`;
  return `${exit.multiple} x ATR(${exit.period})`;
}

/** Eight numbers in two rows of boxes; returns coloured by sign. */
function headline(w: ReportWriter, detail: RunDetail): void {
  const s = detail.stats;
  // As the app's cards: by the figure's break-even, and never green on a run that lost money.
  const signedAround = (v: number | null, par: number): Color | undefined =>
    v === null ? undefined : v < par ? LOSS_RED : v > par && s.returnPct > 0 ? GAIN_GREEN : undefined;
  const signed = (v: number | null) => signedAround(v, 0);
  const boxes: [string, string, Color | undefined][] = [
    ['Total return', formatPercent(s.returnPct), signed(s.returnPct)],
    ['CAGR', formatPercent(s.cagrPct), signed(s.cagrPct)],
    ['Sharpe ratio', formatRatio(s.sharpe), signed(s.sharpe)],
    // Positive, as in the statistics table (a fall of 0 to 100%); red marks it as a loss.
    ['Max. drawdown', formatPercent(s.maxDrawdownPct), s.maxDrawdownPct > 0 ? LOSS_RED : undefined],
    ['Win rate', formatPercent(s.winRatePct), undefined],
    ['Profit factor', formatRatio(s.moneyProfitFactor), signedAround(s.moneyProfitFactor, 1)],
    ['SQN', formatRatio(s.sqn), undefined],
    ['Trades', formatCount(s.numTrades), undefined],
  ];
  const gap = 8;
  const boxWidth = (w.width - 3 * gap) / 4;
  const boxHeight = 34;
  for (let row = 0; row < 2; row++) {
    w.ensure(boxHeight + gap);
    boxes.slice(row * 4, row * 4 + 4).forEach(([label, value, color], k) => {
      const x = w.left + k * (boxWidth + gap);
      w.page.drawRectangle({ x, y: w.y - boxHeight, width: boxWidth, height: boxHeight, borderColor: RULE, borderWidth: 0.7 });
      w.text(label, x + 7, w.y - 11, { size: 7.5, color: MUTED });
      w.text(value, x + 7, w.y - 27, { size: 13, bold: true, color });
    });
    w.y -= boxHeight + gap;
  }
}

function curves(w: ReportWriter, data: RunData): void {
  if (data.time.length === 0) return;
  // About two points per point of width: finer than the eye, and drawdown extremes are kept.
  const indices = chartIndices(data.equity, data.drawdownPct, 1000);
  const time = pick(data.time, indices);
  w.heading('Equity', 200);
  timeChart(w, {
    time,
    height: 170,
    formatY: formatMoney,
    series: [
      ...(data.buyHoldEquity ? [{ label: 'Buy & hold', values: pick(data.buyHoldEquity, indices), color: BUY_HOLD_GREY, width: 0.7 }] : []),
      { label: 'Strategy equity', values: pick(data.equity, indices), color: EQUITY_BLUE },
    ],
  });
  const drawdown = pick(data.drawdownPct, indices).map((v) => -v);
  const deepest = drawdown.reduce((a, v) => Math.min(a, v), 0);
  w.heading('Drawdown', 100);
  timeChart(w, {
    time,
    height: 75,
    formatY: (v) => formatPercent(v),
    yRange: [deepest < 0 ? deepest : -1, 0],
    series: [{ label: 'Drawdown from running peak', values: drawdown, color: LOSS_RED, width: 0.6, fillToTop: rgb(0.96, 0.8, 0.8) }],
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Year × month grid with the year's compounded return; cells tinted by sign and size. */
function monthlyTable(w: ReportWriter, monthly: readonly MonthlyReturn[]): void {
  if (monthly.length === 0) {
    w.paragraph('No bars.', { color: MUTED });
    return;
  }
  const years = [...new Set(monthly.map((m) => m.year))].sort((a, b) => a - b);
  const byKey = new Map(monthly.map((m) => [`${m.year}-${m.month}`, m.returnPct]));
  const values: (number | null)[][] = years.map((year) => {
    const months = MONTHS.map((_, k) => byKey.get(`${year}-${k + 1}`) ?? null);
    const present = months.filter((v): v is number => v !== null);
    const yearly = (present.reduce((g, r) => g * (1 + r / 100), 1) - 1) * 100;
    return [...months, yearly];
  });
  const largest = monthly.reduce((a, m) => Math.max(a, Math.abs(m.returnPct)), 0) || 1;
  const monthWidth = 36;
  const columns: Column[] = [
    { header: 'Year', width: w.width - 13 * monthWidth - 4, align: 'left' },
    ...MONTHS.map((m) => ({ header: m, width: monthWidth, align: 'right' as const })),
    { header: 'Year', width: monthWidth + 4, align: 'right' },
  ];
  const rows = values.map((row, r) => [String(years[r]), ...row.map((v) => (v === null ? '' : formatPercent(v)))]);
  w.table(columns, rows, {
    size: 7,
    rowHeight: 13,
    cellFill: (r, c) => {
      const v = c === 0 ? null : values[r][c - 1];
      return v === null || v === 0 ? undefined : tint(v > 0 ? GAIN_GREEN : LOSS_RED, 0.12 + 0.5 * Math.min(1, Math.abs(v) / largest));
    },
  });
}

/** `color` mixed with white: 0 is white, 1 the full colour. */
function tint(color: Color, amount: number): Color {
  const c = color as { red: number; green: number; blue: number };
  const mix = (v: number) => 1 - (1 - v) * amount;
  return rgb(mix(c.red), mix(c.green), mix(c.blue));
}

/** Every statistic, labels and units from STAT_DEFINITIONS, in two side-by-side halves. */
function statsTable(w: ReportWriter, detail: RunDetail): void {
  const cells = STAT_DEFINITIONS.map((d) => [d.label, formatStat(detail.stats[d.key], d.unit)] as const);
  const half = Math.ceil(cells.length / 2);
  const labelWidth = 150;
  const valueWidth = w.width / 2 - labelWidth;
  const columns: Column[] = [
    { header: 'Statistic', width: labelWidth },
    { header: 'Value', width: valueWidth - 10, align: 'right' },
    { header: '', width: 20 },
    { header: 'Statistic', width: labelWidth },
    { header: 'Value', width: valueWidth - 10, align: 'right' },
  ];
  const rows = cells.slice(0, half).map((left, k) => [...left, '', ...(cells[half + k] ?? ['', ''])]);
  w.table(columns, rows, { size: 7.5, rowHeight: 12.5 });
}

function tradesTable(w: ReportWriter, trades: readonly Trade[], maxTrades: number): void {
  w.heading('Trades', 80);
  if (trades.length === 0) {
    w.paragraph('No closed trades.', { color: MUTED });
    return;
  }
  const shown = trades.slice(0, maxTrades);
  w.paragraph(
    shown.length === 0
      ? `${formatCount(trades.length)} trades, not listed here (the report was asked for 0); the CSV export lists all of them.`
      : shown.length < trades.length
      ? `The first ${formatCount(shown.length)} of ${formatCount(trades.length)} trades; the CSV export lists all of them. Times are UTC.`
      : `All ${formatCount(trades.length)} trades. Times are UTC.`,
    { size: 8, color: MUTED },
  );
  w.gap(4);
  if (shown.length === 0) return;
  const columns: Column[] = [
    { header: '#', width: 26, align: 'right' },
    { header: 'Side', width: 30 },
    { header: 'Entry time', width: 68 },
    { header: 'Entry', width: 50, align: 'right' },
    { header: 'Exit time', width: 68 },
    { header: 'Exit', width: 50, align: 'right' },
    { header: 'Size', width: 44, align: 'right' },
    { header: 'P&L', width: 54, align: 'right' },
    { header: 'Return', width: 44, align: 'right' },
    { header: 'Bars', width: 30, align: 'right' },
    { header: 'Exit reason', width: w.width - 464 },
  ];
  const short = (ms: number) => formatTime(ms).replace('T', ' ').replace('Z', '');
  const rows = shown.map((t, k) => [
    String(k + 1),
    t.side,
    short(t.entryTime),
    formatPrice(t.entryPrice),
    short(t.exitTime),
    formatPrice(t.exitPrice),
    formatPrice(t.size),
    formatMoney(t.pnl),
    formatPercent(t.returnPct),
    String(t.barsHeld),
    t.exitReason,
  ]);
  w.table(columns, rows, {
    size: 7,
    rowHeight: 11,
    cellColor: (r, c) => (c === 7 || c === 8 ? (shown[r].pnl < 0 ? LOSS_RED : shown[r].pnl > 0 ? GAIN_GREEN : undefined) : undefined),
  });
}
