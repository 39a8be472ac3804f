import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { metaContentSecurityPolicy } from './src-main/electron/renderer-csp';
import { BUILT_BUILTIN_DIR, BUILT_TEMPLATES_DIR, BUILTIN_SOURCE_DIR, TEMPLATES_DIR } from './src-main/strategies/bundled';

/**
 * Writes the renderer's policy into the built index.html as the first element of <head>, ahead of
 * every script and stylesheet (a meta policy governs only what the parser meets after it), so the
 * page carries its policy however it is loaded; the app:// handler and the browser shell send the
 * full policy in headers too, and the browser enforces both. Build only: Vite's dev server needs
 * an inline script (React Refresh's preamble) that this policy forbids.
 */
function cspMeta(): Plugin {
  return {
    name: 'barwise:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy() },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/** The module strategy files import (`import { defineStrategy } from 'barwise'`): the SDK's runtime. */
const sdkAlias = [{ find: /^barwise$/, replacement: resolve('src-workers/sdk/index.ts') }];

/**
 * Copies the strategy files the app reads at run time beside the main bundle: the built-in
 * strategies' source (shown read-only, "Duplicate to edit") and the templates of a new strategy,
 * where src-main/strategies/bundled.ts looks for them. Tests are not copied.
 */
function strategyFiles(): Plugin {
  const folders = [
    [BUILTIN_SOURCE_DIR, BUILT_BUILTIN_DIR],
    [TEMPLATES_DIR, BUILT_TEMPLATES_DIR],
  ] as const;
  return {
    name: 'barwise:strategy-files',
    apply: 'build',
    generateBundle() {
      for (const [from, to] of folders) {
        for (const name of readdirSync(resolve(from))) {
          if (!/\.(ts|json)$/.test(name) || name.endsWith('.test.ts')) continue;
          this.emitFile({ type: 'asset', fileName: `${to}/${name}`, source: readFileSync(resolve(from, name), 'utf8') });
        }
      }
    },
  };
}

/**
 * electron-vite expects src/<scope>; Barwise's layout is one folder per process, so every entry
 * is explicit. Main-side entries share out/main (flat, so the worker sits beside its loader):
 * the Electron main, the browser shell, the CLI and the compute worker.
 */
export default defineConfig({
  main: {
    plugins: [strategyFiles()],
    resolve: { alias: sdkAlias },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/electron/main.ts'),
          shell: resolve('src-main/shell/main.ts'),
          cli: resolve('src-main/cli/main.ts'),
          worker: resolve('src-workers/worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/electron/preload.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    resolve: {
      // The strategy editor's language service (a web worker) is TypeScript 5's JavaScript API,
      // installed as typescript-ls: TypeScript 7, the project's compiler, ships none.
      // @valtown/codemirror-ts imports it as 'typescript'.
      alias: [{ find: /^typescript$/, replacement: 'typescript-ls' }],
    },
    worker: { format: 'es' },
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
    plugins: [react(), cspMeta()],
  },
});
