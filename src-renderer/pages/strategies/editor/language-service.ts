import { createWorker } from '@valtown/codemirror-ts/worker';
import ts from 'typescript-ls';
import { LIB_FILES, STRATEGY_LIB } from './lib-files';
import { strategyLints } from './lints';
import { sdkDeclarationFiles, type SdkSources } from './sdk-declarations';
import { createStrategyEnvironment } from './ts-environment';

/** What a completion's side panel shows: its signature and its documentation. */
export interface CompletionDetails {
  readonly signature: string;
  readonly documentation: string;
}

/**
 * The strategy editor's TypeScript language service, as the web worker exposes it (comlink):
 * @valtown/codemirror-ts's methods (sync a file, completions, hover) over the virtual environment
 * of ts-environment.ts, with lints of our own (lints.ts) and the documentation of one completion,
 * which that library does not fetch. Plain Node runs it too (language-service.test.ts).
 */
export function createStrategyLanguageService(sdk: SdkSources) {
  const service = createWorker(() =>
    createStrategyEnvironment(ts, { lib: STRATEGY_LIB, libFiles: LIB_FILES, sdkFiles: sdkDeclarationFiles(ts, sdk) }),
  );
  return {
    ...service,
    getLints({ path }: { path: string; diagnosticCodesToIgnore?: number[] }) {
      const env = service.getEnv();
      return env ? strategyLints(ts, env, path) : [];
    },
    completionDetails({ path, pos, name }: { path: string; pos: number; name: string }): CompletionDetails | null {
      const details = service.getEnv()?.languageService.getCompletionEntryDetails(path, pos, name, {}, undefined, {}, undefined);
      if (!details) return null;
      return {
        signature: ts.displayPartsToString(details.displayParts),
        documentation: ts.displayPartsToString(details.documentation),
      };
    },
  };
}

export type StrategyLanguageService = ReturnType<typeof createStrategyLanguageService>;
