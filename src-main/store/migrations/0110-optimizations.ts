import type { Migration } from './migration';

/**
 * Optimizations (docs/optimize-app.md). One row per search, walk-forward or Monte Carlo: what was
 * asked (`spec`, the validated request as JSON), where it stands (`status`, `variants_done` of
 * `variants_total`, the job that runs it) and what it found (`best`, `summary`: diagnostics,
 * walk-forward windows and the stitched curve, Monte Carlo percentiles — all small JSON).
 *
 * A variant is one parameter set's statistics, never its equity curve, so a 100,000-variant sweep
 * stays a few tens of megabytes: the objective and the statistics the results table sorts and
 * filters by are columns; `returns` (the moments of its period returns, JSON) and `blocks` (count,
 * sum and sum of squares of its returns in each CSCV block, Float64) are what the deflated Sharpe
 * ratio and the probability of backtest overfitting need (a few hundred bytes). A variant whose
 * run failed keeps its error; one that broke a constraint on statistics is `feasible = 0`. `window_index` is 0 for a plain search and the
 * walk-forward window otherwise; `(optimization_id, window_index, idx)` is the variant's identity,
 * which is what lets a resumed optimization skip the variants it already has.
 *
 * A walk-forward window's row is written once its out-of-sample run is done: the in-sample best
 * (its parameters, objective and statistics) and the out-of-sample run's statistics, equity, bar
 * times and trades (one window's worth, so the stitched curve and its statistics can be rebuilt).
 */
export const m0110Optimizations: Migration = {
  version: 110,
  name: 'optimizations',
  up(db) {
    db.exec(`
      CREATE TABLE optimizations (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('grid', 'random', 'bayesian', 'walk-forward', 'monte-carlo')),
        strategy_id TEXT NOT NULL,
        dataset_id TEXT REFERENCES datasets(id) ON DELETE SET NULL,
        dataset_name TEXT NOT NULL,
        run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
        spec TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
        error_code TEXT,
        error_message TEXT,
        job_id TEXT,
        variants_total INTEGER NOT NULL DEFAULT 0,
        variants_done INTEGER NOT NULL DEFAULT 0,
        best TEXT,
        summary TEXT,
        finished_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX optimizations_by_created ON optimizations (created_at DESC);
      CREATE INDEX optimizations_by_status ON optimizations (status);

      CREATE TABLE optimization_variants (
        optimization_id TEXT NOT NULL REFERENCES optimizations(id) ON DELETE CASCADE,
        window_index INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        params TEXT NOT NULL,
        objective REAL,
        feasible INTEGER NOT NULL CHECK (feasible IN (0, 1)),
        broken TEXT NOT NULL DEFAULT '[]',
        error_code TEXT,
        error_message TEXT,
        return_pct REAL,
        annualized_return_pct REAL,
        cagr_pct REAL,
        sharpe REAL,
        sortino REAL,
        calmar REAL,
        sqn REAL,
        profit_factor REAL,
        max_drawdown_pct REAL,
        num_trades INTEGER,
        win_rate_pct REAL,
        avg_trade_pct REAL,
        expectancy_pct REAL,
        exposure_time_pct REAL,
        equity_final REAL,
        annualized_volatility_pct REAL,
        returns TEXT NOT NULL,
        blocks BLOB,
        PRIMARY KEY (optimization_id, window_index, idx)
      ) STRICT;
      -- The results table's default order, and the best of a window.
      CREATE INDEX optimization_variants_by_objective ON optimization_variants (optimization_id, window_index, objective DESC);

      CREATE TABLE optimization_windows (
        optimization_id TEXT NOT NULL REFERENCES optimizations(id) ON DELETE CASCADE,
        window_index INTEGER NOT NULL,
        is_from INTEGER NOT NULL,
        is_to INTEGER NOT NULL,
        oos_from INTEGER NOT NULL,
        oos_to INTEGER NOT NULL,
        best_params TEXT,
        is_objective REAL,
        is_stats TEXT,
        oos_objective REAL,
        oos_stats TEXT,
        oos_time BLOB NOT NULL,
        oos_equity BLOB NOT NULL,
        oos_trades TEXT NOT NULL,
        PRIMARY KEY (optimization_id, window_index)
      ) STRICT;
    `);
  },
};
