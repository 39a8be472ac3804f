import type { TaskContext } from './context';

/** A task kind's worker-side code: pure compute on its payload; it calls `ctx.checkpoint` often. */
export type TaskHandler<P = unknown, R = unknown> = (payload: P, ctx: TaskContext) => R | Promise<R>;

/** Run once per new worker before its first task, to compile hot kernels on a small slice. */
export type WarmUpHook = () => void | Promise<void>;

const handlers = new Map<string, TaskHandler>();
const warmUps: WarmUpHook[] = [];

/** Registers a task kind; a name can be registered once (a duplicate is a wiring bug). */
export function registerTask<P, R>(kind: string, handler: TaskHandler<P, R>): void {
  if (!/^[a-z][a-zA-Z0-9.:-]*$/.test(kind)) throw new Error(`task kind "${kind}" must match /^[a-z][a-zA-Z0-9.:-]*$/`);
  if (handlers.has(kind)) throw new Error(`task kind "${kind}" is already registered`);
  handlers.set(kind, handler as TaskHandler);
}

export function registerWarmUp(hook: WarmUpHook): void {
  warmUps.push(hook);
}

export const taskHandler = (kind: string): TaskHandler | undefined => handlers.get(kind);
export const taskKinds = (): string[] => [...handlers.keys()];
export const warmUpHooks = (): readonly WarmUpHook[] => warmUps;
