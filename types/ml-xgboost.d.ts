// ml-xgboost 1.1.2 ships no types; the cross-check test (src-workers/ml/xgboost.test.ts) uses this much of it.
declare module 'ml-xgboost' {
  interface Booster {
    train(rows: number[][], labels: number[]): void;
    predict(rows: number[][]): number[];
    free(): void;
  }
  const ready: Promise<new (options: Record<string, string | number>) => Booster>;
  export default ready;
}
