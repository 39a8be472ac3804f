import type { IndicatorSeries } from '../../src-shared/backtest';
import type { Db } from '../store/db';
import { loadIndicators } from './indicators';
import { loadRunData, type RunData } from './repository';

interface Entry {
  readonly data: RunData;
  /** Decoded on first ask: a run opened for its equity alone never inflates its indicators. */
  indicators?: IndicatorSeries[];
}

/**
 * The last few runs' full per-bar series, decoded. Zooming into a chart asks for a new range many
 * times in a row; reading and inflating a million-bar run's blobs each time (~250 ms) would make
 * every zoom step wait. Runs are immutable once stored, so an entry only goes on delete or eviction.
 */
export class RunDataCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    private readonly capacity = 2,
  ) {}

  get(id: string): RunData {
    return this.entry(id).data;
  }

  /** The run's declared indicators, full length (one value per bar of `get(id).time`). */
  indicators(id: string): readonly IndicatorSeries[] {
    const entry = this.entry(id);
    return (entry.indicators ??= loadIndicators(this.db, id));
  }

  forget(id: string): void {
    this.entries.delete(id);
  }

  private entry(id: string): Entry {
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }
    const entry: Entry = { data: loadRunData(this.db, id) };
    this.entries.set(id, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}
