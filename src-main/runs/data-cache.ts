import type { Db } from '../store/db';
import { loadRunData, type RunData } from './repository';

/**
 * The last few runs' full per-bar series, decoded. Zooming into a chart asks for a new range many
 * times in a row; reading and inflating a million-bar run's blobs each time (~250 ms) would make
 * every zoom step wait. Runs are immutable once stored, so an entry only goes on delete or eviction.
 */
export class RunDataCache {
  private readonly entries = new Map<string, RunData>();

  constructor(
    private readonly db: Db,
    private readonly capacity = 2,
  ) {}

  get(id: string): RunData {
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }
    const data = loadRunData(this.db, id);
    this.entries.set(id, data);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return data;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
