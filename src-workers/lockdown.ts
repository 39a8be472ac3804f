import 'ses';

/**
 * Locks down this worker's realm (SES) so user strategy code, evaluated later in a Compartment
 * (sdk/sandbox.ts), meets frozen intrinsics and nothing but the SDK. docs/security.md#sandbox.
 *
 * In two steps, as SES allows: importing this module repairs the intrinsics (tames `Function`,
 * `eval`, `Date`, `Math.random`, errors…), and `hardenRealm()` freezes them, after the worker's
 * warm-up and before its first task. The order matters for speed: on V8, once
 * `Object.prototype` and the typed-array prototypes are frozen, an element store
 * (`out[i] = x`) first run afterwards takes a slow path, 3–17× slower engine runs; stores the
 * warm-up has run keep their fast path (endojs/endo#1563; bench/README.md#sandbox).
 *
 * Every option is given explicitly, so a LOCKDOWN_* environment variable cannot change it.
 */
repairIntrinsics({
  // Stack strings stay on errors: a task's failure carries its stack across the boundary, and a
  // strategy's error names its file and line. 'safe' would blank every `error.stack` in the
  // worker. User code can read stack strings (host file paths: information, not a capability);
  // it still cannot install `Error.prepareStackTrace` or reach call sites.
  errorTaming: 'unsafe',
  // Frames as V8 writes them: the engine's and the user's frames, nothing filtered or shortened.
  stackFiltering: 'verbose',
  // Lets `obj.toString = …` / `obj.constructor = …` assign on objects whose frozen prototype has
  // that property (the "override mistake"), as libraries do; 'moderate' covers the usual names.
  overrideTaming: 'moderate',
  // Leaves Node's console as it is; user code gets no console at all.
  consoleTaming: 'unsafe',
  // An uncaught error or rejection is Node's to handle: the pool sees the worker's 'error'
  // event (WORKER_CRASHED with its message); 'platform' would call process.exit(-1) instead.
  errorTrapping: 'none',
  unhandledRejectionTrapping: 'none',
  reporting: 'platform',
  // Locale methods keep their meaning (src-shared/format formats numbers in en-US).
  localeTaming: 'unsafe',
  regExpTaming: 'safe',
  evalTaming: 'safe-eval',
  domainTaming: 'safe',
});

let hardened = false;

/** Freezes the realm's intrinsics (once): call after the warm-up, before any task runs. */
export function hardenRealm(): void {
  if (hardened) return;
  hardenIntrinsics();
  /*
   * SES leaves SharedArrayBuffer and Atomics out of its intrinsics (so out of every Compartment)
   * but on this realm's global, unfrozen: the worker needs them (the cancel flag, shared bars).
   * A strategy can still reach the constructor through a bar column on a SharedArrayBuffer
   * (`data.close.buffer.constructor`), so freeze both: it may use them, never alter them.
   */
  harden(SharedArrayBuffer);
  harden(Atomics);
  hardened = true;
}
