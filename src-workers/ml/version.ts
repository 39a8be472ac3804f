/**
 * Bumped whenever a change to the features, the targets, the splits, a trainer or the blob format
 * can change a trained model or its predictions; part of every model's fingerprint and blob.
 */
export const TRAINER_VERSION = '1.0.0';
