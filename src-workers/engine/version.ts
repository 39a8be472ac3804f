/** Bumped whenever a change to the engine can change a result; recorded in every run's provenance. */
export const ENGINE_VERSION = '0.3.0';
