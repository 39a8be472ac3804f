import { describe, expect, it } from 'vitest';
import { modelConfigSchema, type ModelConfigInput } from '../../src-shared/ml/config';
import { newerWindows } from './windows';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const parent = (split: ModelConfigInput['split']) => ({ name: 'p', config: modelConfigSchema.parse({ features: [{ kind: 'rsi' }], split }), report: null });

describe("a retrain's windows", () => {
  it('moves time windows forward as one, to end at the last bar, each as long as it was', () => {
    const windows = { kind: 'times' as const, train: { from: T0, to: T0 + 99 * H }, validation: { from: T0 + 105 * H, to: T0 + 149 * H }, test: { from: T0 + 155 * H, to: T0 + 199 * H } };
    const moved = newerWindows(parent({ windows }), null, { name: 'd', lastTime: T0 + 299 * H });
    expect(moved).toEqual({
      kind: 'times',
      train: { from: T0 + 100 * H, to: T0 + 199 * H },
      validation: { from: T0 + 205 * H, to: T0 + 249 * H },
      test: { from: T0 + 255 * H, to: T0 + 299 * H },
    });
  });

  it("keeps fractions over a span as long as the parent's data, ending at the last bar", () => {
    const moved = newerWindows(parent({ windows: { kind: 'fractions', train: 0.5, validation: 0.25, test: 0.25 } }), { firstTime: T0, lastTime: T0 + 999 * H }, { name: 'd', lastTime: T0 + 1499 * H });
    expect(moved).toEqual({ kind: 'fractions', train: 0.5, validation: 0.25, test: 0.25, from: T0 + 500 * H, to: T0 + 1499 * H });
    const bounded = newerWindows(
      parent({ windows: { kind: 'fractions', from: T0 + 100 * H, to: T0 + 199 * H } }),
      { firstTime: T0, lastTime: T0 + 999 * H },
      { name: 'd', lastTime: T0 + 1000 * H },
    );
    expect(bounded).toMatchObject({ from: T0 + 901 * H, to: T0 + 1000 * H });
  });

  it('refuses a dataset with nothing after the parent window, saying where it ends', () => {
    expect(() => newerWindows(parent({}), { firstTime: T0, lastTime: T0 + 999 * H }, { name: 'Sample', lastTime: T0 + 999 * H })).toThrowError(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringMatching(/^Sample has no bars after 2024-02-11 15:00 UTC, where the window of p ends/) }),
    );
  });
});
