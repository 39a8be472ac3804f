import { wrap, type Remote } from 'comlink';
import type { StrategyLanguageService } from './language-service';

export type LanguageServiceRemote = Remote<StrategyLanguageService>;

let service: Promise<LanguageServiceRemote> | undefined;

/**
 * The language service's worker, started by the first editor that asks and shared by every one
 * after it (TypeScript and the standard library take a second to load). Vite bundles the worker
 * as a file of the app's own origin, which the renderer's policy (worker-src 'self') allows. A
 * worker that fails to start is forgotten, so the next editor tries again.
 */
export function strategyLanguageService(): Promise<LanguageServiceRemote> {
  service ??= start().catch((error: unknown) => {
    service = undefined;
    throw error;
  });
  return service;
}

async function start(): Promise<LanguageServiceRemote> {
  const worker = new Worker(new URL('./language-service.worker.ts', import.meta.url), { type: 'module', name: 'strategy-language-service' });
  const failed = new Promise<never>((_resolve, reject) => {
    worker.addEventListener('error', (event) => reject(new Error(event.message || 'the TypeScript worker did not start')), { once: true });
  });
  const remote = wrap<StrategyLanguageService>(worker);
  try {
    await Promise.race([remote.initialize(), failed]);
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return remote;
}
