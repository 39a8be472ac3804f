import { z } from 'zod';
import { method, returns } from './define';

export interface SystemInfo {
  readonly version: string;
  readonly dataDir: string;
  readonly databaseFile: string;
  readonly schemaVersion: number;
  readonly sqliteVersion: string;
  readonly workerCount: number;
  readonly nodeVersion: string;
  readonly platform: string;
}

export interface WorkerPingResult {
  readonly threadId: number;
  readonly engineVersion: string;
  readonly roundTripMs: number;
}

const noInput = z.object({}).strict();

export const systemSpec = {
  info: method(noInput, returns<SystemInfo>()),
  pingWorker: method(noInput, returns<WorkerPingResult>()),
};
