/**
 * The compute worker's entry. It starts the lockdown (SES, ./lockdown.ts: the intrinsics are
 * repaired here, and frozen by the task runtime after the warm-up) and only then loads the worker
 * itself: a dynamic import runs after the static ones, in the source tree and in the build alike,
 * whereas a second static import would not do: the bundler hoists shared chunks (the engine, zod,
 * comlink) above the entry's own code. Keep lockdown the only static import.
 */
import './lockdown';

await import('./start-worker');
