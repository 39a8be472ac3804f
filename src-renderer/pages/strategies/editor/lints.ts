import type { Diagnostic } from '@codemirror/lint';
import type { VirtualTypeScriptEnvironment } from '@typescript/vfs';
import type ts from 'typescript-ls';

/**
 * Names a strategy may reach for that exist in Node or a browser but not in the sandbox it runs in
 * (docs/security.md, "Sandbox"): TypeScript says "Cannot find name" for each, since the editor
 * checks against the language alone.
 */
const HOST_NAMES = new Set([
  'process', 'require', 'module', 'exports', '__dirname', '__filename', 'global', 'globalThis', 'Buffer', 'console',
  'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'navigator', 'Worker', 'performance', 'crypto',
  'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
  'queueMicrotask', 'structuredClone', 'window', 'document', 'self', 'localStorage', 'indexedDB',
]);

/**
 * "Cannot find name" codes whose advice (install @types/node, add 'dom' to lib) is wrong for a
 * strategy: 2580/2591 suggest Node's types, 2584 the DOM's, 2304 is the plain one.
 */
const CANNOT_FIND_NAME = new Set([2304, 2580, 2591, 2584]);

function sandboxMessage(name: string): string {
  return (
    `Cannot find name '${name}': a strategy runs in a sandbox with the JavaScript language only, ` +
    "without Node or a browser (no require, process, console, timers, network or DOM). Import what you need from 'barwise'."
  );
}

/** The name a "Cannot find name 'x'" diagnostic is about. */
const nameOf = (file: ts.SourceFile, d: ts.Diagnostic): string => file.text.slice(d.start ?? 0, (d.start ?? 0) + (d.length ?? 0));

/**
 * TypeScript's syntax and type errors in a strategy, as CodeMirror diagnostics. Written here
 * rather than taken from @valtown/codemirror-ts, whose lints keep only the first line of a
 * chained message and drop the error code this needs: a strategy reaching for Node or the
 * browser is told about the sandbox, not to install @types/node.
 */
export function strategyLints(tsApi: typeof ts, env: VirtualTypeScriptEnvironment, path: string): Diagnostic[] {
  const file = env.getSourceFile(path);
  if (!file) return [];
  const all = [...env.languageService.getSyntacticDiagnostics(path), ...env.languageService.getSemanticDiagnostics(path)];
  const lints: Diagnostic[] = [];
  for (const d of all) {
    if (d.start === undefined || d.length === undefined) continue;
    const name = CANNOT_FIND_NAME.has(d.code) ? nameOf(file, d) : '';
    const sandboxed = d.code !== 2304 ? CANNOT_FIND_NAME.has(d.code) : HOST_NAMES.has(name);
    lints.push({
      from: d.start,
      to: d.start + d.length,
      severity: d.category === tsApi.DiagnosticCategory.Error ? 'error' : d.category === tsApi.DiagnosticCategory.Warning ? 'warning' : 'info',
      source: 'TypeScript',
      message: sandboxed ? sandboxMessage(name) : tsApi.flattenDiagnosticMessageText(d.messageText, '\n'),
    });
  }
  return lints;
}
