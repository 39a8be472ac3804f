import ts from 'typescript-ls';
import { describe, expect, it } from 'vitest';
// oxlint-disable-next-line import/default
import strategyTypes from '../../../../src-shared/sdk/strategy.ts?raw';
import { LIB_FILES, STRATEGY_LIB } from './lib-files';
import { SDK_INDEX, sdkDeclarationFiles } from './sdk-declarations';
import { createStrategyEnvironment } from './ts-environment';

/** A module.ts of the SDK's shape: an interface of exports, and types beside it. */
const moduleTypes = `import type { Indicator, Signals } from './strategy';

export interface BarwiseModule {
  /** Simple moving average of the last \`period\` values. */
  sma(values: Float64Array, period: number): Float64Array;
  /**
   * Bands around a moving average.
   * @param k standard deviations
   */
  bands<T extends Float64Array>(values: T, period: number, k: number): BandsLines;
  // a line comment is not documentation
  cross(a: Float64Array | Indicator, b: Float64Array | number): Signals;
  /** The SDK's version. */
  readonly version: string;
}

export interface BandsLines {
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

export type Period = number;
`;

const files = sdkDeclarationFiles(ts, { strategy: strategyTypes, module: moduleTypes });
const index = files.get(SDK_INDEX)!;

describe('the barwise module for the language service', () => {
  it('exports each member of BarwiseModule, documented, and every type of both files', () => {
    expect(index).toContain('/** Simple moving average of the last `period` values. */\nexport declare function sma(values: Float64Array, period: number): Float64Array;');
    expect(index).toContain('@param k standard deviations');
    expect(index).toContain('export declare function bands<T extends Float64Array>(values: T, period: number, k: number): BandsLines;');
    expect(index).toContain('export declare function cross(');
    expect(index).not.toContain('a line comment');
    expect(index).toContain('/** The SDK\'s version. */\nexport declare const version: string;');
    expect(index).toMatch(/export type \{[^}]*\bStrategyDefinition\b[^}]*\bBandsLines\b[^}]*\bPeriod\b[^}]*\}/);
  });

  it('does not export values that are not the module’s (SDK_MODULE) or the interface itself', () => {
    expect(index).not.toMatch(/\bSDK_MODULE\b/);
    expect(index).not.toMatch(/export type \{[^}]*\bBarwiseModule\b/);
  });

  it('keeps the SDK’s files as they are, beside it', () => {
    expect(files.get('/sdk/strategy.ts')).toBe(strategyTypes);
    expect(files.get('/sdk/module.ts')).toBe(moduleTypes);
  });

  it('type-checks: a file using every export has no errors, and a misuse has one', () => {
    const env = createStrategyEnvironment(ts, { lib: STRATEGY_LIB, libFiles: LIB_FILES, sdkFiles: files });
    const path = '/strategies/uses.ts';
    env.createFile(
      path,
      [
        "import { sma, bands, cross, version, type BandsLines, type Period, type Indicator } from 'barwise';",
        'const p: Period = 3;',
        'const b: BandsLines = bands(sma(new Float64Array(4), p), p, 2);',
        'declare const i: Indicator;',
        'export const out = [b.upper, cross(i, 1).target, version.length];',
        "export const wrong = sma(new Float64Array(1), 'x');",
      ].join('\n'),
    );
    const errors = env.languageService.getSemanticDiagnostics(path);
    expect(errors.map((d) => `${d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line}`)).toEqual(['5']);
  });

  it('says so when module.ts has no BarwiseModule', () => {
    expect(() => sdkDeclarationFiles(ts, { strategy: strategyTypes, module: 'export interface Other {}' })).toThrow(/no BarwiseModule/);
  });
});
