import { v7 } from 'uuid';

/** Time-ordered ids (UUIDv7): unique across machines, so rows can sync to a team database unchanged. */
export const newId = (): string => v7();
