import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import open from 'open';
import { BarwiseError } from '../../src-shared/errors';
import { createBarwise } from '../barwise';
import { defaultDataDir } from '../paths';
import { startShell } from './server';

/** A one-line refusal, as the CLI gives it, instead of a stack trace: a bad option, an unusable data dir. */
function refuse(error: unknown): never {
  const text = error instanceof BarwiseError ? `${error.code}: ${error.message}` : (error as Error).message;
  console.error(`barwise serve: ${text}`);
  process.exit(2);
}

/** `npm run serve` / `barwise-shell`: the app in the system browser, served from 127.0.0.1. */
const parseOptions = () =>
  parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      threads: { type: 'string' },
      'max-upload-mb': { type: 'string' },
      open: { type: 'boolean', default: false },
    },
    strict: true,
  });
let values: ReturnType<typeof parseOptions>['values'];
try {
  ({ values } = parseOptions());
} catch (error) {
  refuse(error);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`barwise serve: --port must be 0–65535, got "${values.port}"`);
  process.exit(2);
}
const maxUploadMb = values['max-upload-mb'] === undefined ? undefined : Number(values['max-upload-mb']);
if (maxUploadMb !== undefined && !(Number.isInteger(maxUploadMb) && maxUploadMb >= 1)) {
  console.error(`barwise serve: --max-upload-mb must be a whole number of megabytes (1 or more), got "${values['max-upload-mb']}"`);
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
// Built: out/main/shell.js → out/renderer. From source: src-main/shell → out/renderer.
const rendererDir = import.meta.url.endsWith('.ts') ? join(here, '..', '..', 'out', 'renderer') : join(here, '..', 'renderer');

let barwise: ReturnType<typeof createBarwise>;
try {
  barwise = createBarwise({
    dataDir: values['data-dir'] ?? defaultDataDir(),
    threads: values.threads ? Number(values.threads) : undefined,
    watchStrategies: true, resumeOptimizations: true,
  });
} catch (error) {
  refuse(error);
}
const shell = await startShell({
  barwise,
  rendererDir,
  port,
  uploads: maxUploadMb === undefined ? undefined : { maxBytes: maxUploadMb * 1_000_000 },
});
console.log(`Barwise is running at ${shell.url}`);
console.log(`data dir: ${barwise.dataDir}   (Ctrl+C to stop)`);
if (values.open) {
  open(shell.url).catch((error: Error) => console.error(`Could not open a browser (${error.message}); open the URL above.`));
}

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Barwise…`);
  await shell.close();
  await barwise.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
