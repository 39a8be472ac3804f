import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { resolve } from 'node:path';
import { metaContentSecurityPolicy } from './src-main/electron/renderer-csp';

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
 * electron-vite expects src/<scope>; Barwise's layout is one folder per process, so every entry
 * is explicit. Main-side entries share out/main (flat, so the worker sits beside its loader):
 * the Electron main, the browser shell, the CLI and the compute worker.
 */
export default defineConfig({
  main: {
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
