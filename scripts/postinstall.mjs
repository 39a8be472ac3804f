// After `npm install`: where an Electron binary is present, build better-sqlite3 for Electron's
// ABI beside the Node build. Never fails the install: without Electron (CI, this kind of machine)
// there is nothing to build, and `npm start` retries when it finds the binary.
import { buildElectronSqlite, electronBinary } from './electron-binary.mjs';

if (!electronBinary()) {
  console.log('barwise: no Electron binary installed; skipping the Electron build of better-sqlite3 (npm start handles it).');
} else {
  try {
    const failure = buildElectronSqlite();
    if (failure) console.warn(`barwise: ${failure}; the desktop app will fall back to the browser shell.`);
  } catch (error) {
    console.warn(`barwise: could not build better-sqlite3 for Electron (${error.message}).`);
  }
}
