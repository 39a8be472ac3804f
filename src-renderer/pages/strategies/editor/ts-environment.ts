import { createSystem, createVirtualTypeScriptEnvironment, type VirtualTypeScriptEnvironment } from '@typescript/vfs';
import type ts from 'typescript-ls';
import { SDK_INDEX } from './sdk-declarations';

/** Where an open strategy lives in the language service's virtual file system. */
export const strategyPath = (id: string): string => `/strategies/${id}.ts`;

/**
 * How a strategy file is checked: as strict TypeScript over ES2023 alone (no DOM, no Node), with
 * `barwise` resolving to the SDK's declarations. Nothing is emitted; main compiles with sucrase.
 */
export function strategyCompilerOptions(tsApi: typeof ts, lib: string): ts.CompilerOptions {
  return {
    target: tsApi.ScriptTarget.ES2023,
    module: tsApi.ModuleKind.ESNext,
    moduleResolution: tsApi.ModuleResolutionKind.Bundler,
    lib: [lib],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    isolatedModules: true,
    paths: { barwise: [SDK_INDEX] },
  };
}

/**
 * A TypeScript language service over an in-memory file system holding the standard library, the
 * SDK's declarations and the strategies the editor has open (the editor adds each file it opens;
 * @valtown/codemirror-ts keeps it in step with the text). The virtual file system is
 * @typescript/vfs's: no network, no disk, nothing fetched from a CDN.
 */
export function createStrategyEnvironment(
  tsApi: typeof ts,
  files: { readonly lib: string; readonly libFiles: ReadonlyMap<string, string>; readonly sdkFiles: ReadonlyMap<string, string> },
): VirtualTypeScriptEnvironment {
  const fsMap = new Map<string, string>([...files.libFiles, ...files.sdkFiles]);
  // The environment needs one root file; the editor's files are added beside it as they open.
  const root = strategyPath('_');
  fsMap.set(root, 'export {};\n');
  const system = createSystem(fsMap);
  return createVirtualTypeScriptEnvironment(system, [root], tsApi, strategyCompilerOptions(tsApi, files.lib));
}
