import type ts from 'typescript-ls';

/** Where the language service finds the SDK: `import … from 'barwise'` resolves to INDEX. */
export const SDK_DIR = '/sdk';
export const SDK_INDEX = `${SDK_DIR}/index.d.ts`;

/** The SDK's two source files, as text: its types (strategy.ts) and its exports (module.ts). */
export interface SdkSources {
  /** src-shared/sdk/strategy.ts: defineStrategy's argument, the contexts, orders, the position. */
  readonly strategy: string;
  /** src-shared/sdk/module.ts: the `BarwiseModule` interface, one member per export of the module. */
  readonly module: string;
}

/** The interface in module.ts whose members are the `barwise` module's exports. */
const MODULE_INTERFACE = 'BarwiseModule';

/**
 * The `barwise` module for the editor's language service, made from the SDK's own declarations
 * so completion and type errors follow the SDK as it changes: every member of `BarwiseModule`
 * becomes an exported function (or constant) with its documentation, and every type the two
 * files export is exported as a type. The runtime (src-workers/sdk) is checked against the same
 * interface, so what completes here is what a strategy can import.
 *
 * Written with TypeScript's parser rather than a hand-kept copy, and as declarations rather than
 * `export const sma: BarwiseModule['sma']`, whose hover and completion would lose the comments.
 */
export function sdkDeclarationFiles(tsApi: typeof ts, sources: SdkSources): ReadonlyMap<string, string> {
  const moduleFile = tsApi.createSourceFile('module.ts', sources.module, tsApi.ScriptTarget.ES2022, true);
  const strategyFile = tsApi.createSourceFile('strategy.ts', sources.strategy, tsApi.ScriptTarget.ES2022, true);
  const strategyTypes = exportedTypeNames(tsApi, strategyFile);
  const moduleTypes = exportedTypeNames(tsApi, moduleFile).filter((name) => name !== MODULE_INTERFACE);
  const functions = findModuleInterface(tsApi, moduleFile).members.map((member) => exportOf(tsApi, moduleFile, member));
  // Imported by name (not `export type *`) so the functions below can name the types too.
  const index = [
    '// The `barwise` module, generated from src-shared/sdk/strategy.ts and module.ts.',
    `import type { ${strategyTypes.join(', ')} } from './strategy';`,
    `import type { ${moduleTypes.join(', ')} } from './module';`,
    `export type { ${[...strategyTypes, ...moduleTypes].join(', ')} };`,
    '',
    ...functions,
  ].join('\n');
  return new Map([
    [`${SDK_DIR}/strategy.ts`, sources.strategy],
    [`${SDK_DIR}/module.ts`, sources.module],
    [SDK_INDEX, index],
  ]);
}

/** The interfaces and type aliases a file exports (its values, such as SDK_MODULE, are not the module's). */
function exportedTypeNames(tsApi: typeof ts, file: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of file.statements) {
    if (!tsApi.isInterfaceDeclaration(statement) && !tsApi.isTypeAliasDeclaration(statement)) continue;
    if (statement.modifiers?.some((m) => m.kind === tsApi.SyntaxKind.ExportKeyword)) names.push(statement.name.text);
  }
  return names;
}

function findModuleInterface(tsApi: typeof ts, file: ts.SourceFile): ts.InterfaceDeclaration {
  for (const statement of file.statements) {
    if (tsApi.isInterfaceDeclaration(statement) && statement.name.text === MODULE_INTERFACE) return statement;
  }
  throw new Error(`The SDK's module.ts declares no ${MODULE_INTERFACE} interface`);
}

/** One member of the interface as a top-level export, its doc comment kept above it. */
function exportOf(tsApi: typeof ts, file: ts.SourceFile, member: ts.TypeElement): string {
  const text = file.text;
  const docs = (tsApi.getLeadingCommentRanges(text, member.getFullStart()) ?? [])
    .map((range) => text.slice(range.pos, range.end))
    .filter((comment) => comment.startsWith('/**'))
    .map((comment) => `${comment}\n`)
    .join('');
  // The member's own text from its name on: `sma(values: Float64Array, period: number): Float64Array;`.
  const signature = text.slice(member.getStart(file), member.end).trim().replace(/;?$/, ';');
  if (tsApi.isMethodSignature(member)) return `${docs}export declare function ${signature}`;
  if (tsApi.isPropertySignature(member)) return `${docs}export declare const ${signature.replace(/^readonly\s+/, '')}`;
  throw new Error(`${MODULE_INTERFACE} may hold methods and properties only: ${signature}`);
}
