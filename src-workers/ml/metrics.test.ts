import { describe, expect, it } from 'vitest';
import { calibration, classificationMetrics, regressionMetrics, rocAuc } from './metrics';

describe('metrics, worked by hand', () => {
  /*
   * Six rows, P(up) = 0.9, 0.8, 0.6, 0.4, 0.3, 0.2 with labels 1, 1, 0, 1, 0, 0. Predicted (P > ½):
   * 1, 1, 1, 0, 0, 0. Confusion [actual][predicted]: not up → [2, 1], up → [1, 2].
   * Accuracy 4/6; for 'up': precision 2/3, recall 2/3, F1 2/3.
   * AUC: of the 3 × 3 (positive, negative) pairs, the positive scores higher in 8 (0.4 loses to
   * 0.6 only): 8/9. Log loss: −(ln .9 + ln .8 + ln .4 + ln .4 + ln .7 + ln .8) / 6.
   */
  it('two classes', () => {
    const pUp = [0.9, 0.8, 0.6, 0.4, 0.3, 0.2];
    const probabilities = Float64Array.from(pUp.flatMap((p) => [1 - p, p]));
    const m = classificationMetrics(probabilities, Float64Array.of(1, 1, 0, 1, 0, 0), ['not up', 'up']);
    expect(m.confusion).toEqual([[2, 1], [1, 2]]);
    expect(m.accuracy).toBeCloseTo(4 / 6, 15);
    expect([m.precision, m.recall, m.f1].map((v) => v?.toFixed(12))).toEqual(Array(3).fill((2 / 3).toFixed(12)));
    expect(m.rocAuc).toBeCloseTo(8 / 9, 15);
    expect(m.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4) + Math.log(0.7) + Math.log(0.8)) / 6, 14);
    // Calibration of P(up): bins [0.2, 0.3) holds 0.2 (not up); [0.9, 1] holds 0.9 (up)…
    expect(m.calibration[2]).toEqual({ lower: 0.2, upper: 0.3, rows: 1, meanPredicted: 0.2, observed: 0 });
    expect(m.calibration[9]).toEqual({ lower: 0.9, upper: 1, rows: 1, meanPredicted: 0.9, observed: 1 });
    expect(m.calibration[0]).toEqual({ lower: 0, upper: 0.1, rows: 0, meanPredicted: null, observed: null });
  });

  /*
   * Three classes, four rows: labels 0, 1, 2, 2; predicted 0, 2, 2, 1. Confusion: [1,0,0], [0,0,1],
   * [0,1,1]. Per class precision: 1/1, 0/1, 1/2; recall: 1/1, 0/1, 1/2; F1: 1, 0, 1/2.
   * Macro: precision (1 + 0 + .5)/3 = .5, recall .5, F1 .5.
   */
  it('three classes: macro averages', () => {
    const probabilities = Float64Array.of(0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.2, 0.6, 0.1, 0.5, 0.4);
    const m = classificationMetrics(probabilities, Float64Array.of(0, 1, 2, 2), ['down', 'flat', 'up']);
    expect(m.confusion).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 1]]);
    expect(m.perClass.map((s) => s.f1)).toEqual([1, 0, 0.5]);
    expect([m.precision, m.recall, m.f1]).toEqual([0.5, 0.5, 0.5]);
    expect(m.accuracy).toBe(0.5);
  });

  it('ROC AUC counts ties as half, and is undefined without both kinds', () => {
    // Positive 0.5 against negatives 0.5 (tie: ½) and 0.1 (win): (½ + 1) / 2.
    expect(rocAuc(Float64Array.of(0.5, 0.5, 0.1), Float64Array.of(1, 0, 0))).toBe(0.75);
    expect(rocAuc(Float64Array.of(0.5, 0.6), Float64Array.of(1, 1))).toBeNull();
    expect(calibration(Float64Array.of(1), Float64Array.of(1))[9].rows).toBe(1); // P = 1 is in the last bin
  });

  /*
   * Predicted 0.01, −0.02, 0.03, 0 for actual 0.02, −0.01, −0.01, 0.02. Errors 0.01, 0.01, −0.04,
   * 0.02: MAE 0.08/4 = 0.02; SS_res = 0.0001 + 0.0001 + 0.0016 + 0.0004 = 0.0022; mean actual 0.005,
   * SS_tot = 0.000225 × 2 + 0.000225 × 2 = 0.0009: R² = 1 − 0.0022/0.0009. Signs agree on rows 1, 2.
   */
  it('regression', () => {
    const m = regressionMetrics(Float64Array.of(0.01, -0.02, 0.03, 0), Float64Array.of(0.02, -0.01, -0.01, 0.02));
    expect(m.mae).toBeCloseTo(0.02, 15);
    expect(m.rmse).toBeCloseTo(Math.sqrt(0.0022 / 4), 15);
    expect(m.r2).toBeCloseTo(1 - 0.0022 / 0.0009, 12);
    expect(m.directionalAccuracy).toBe(0.5);
  });
});
