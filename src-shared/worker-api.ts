/** What a compute worker answers to. Main calls it through comlink; the pool adds task kinds. */
export interface WorkerPing {
  readonly threadId: number;
  readonly engineVersion: string;
}

export interface WorkerApi {
  ping(): WorkerPing;
}
