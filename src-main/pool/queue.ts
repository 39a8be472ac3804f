import { PRIORITIES, type Priority } from './options';

interface Entry<T> {
  readonly item: T;
  removed: boolean;
}

/** One FIFO per priority; removal (an aborted task) is O(1) and skipped at dequeue. */
export class PriorityQueue<T> {
  private readonly lanes = new Map<Priority, { entries: Entry<T>[]; head: number }>(
    PRIORITIES.map((p) => [p, { entries: [], head: 0 }]),
  );
  private readonly index = new Map<T, Entry<T>>();

  get length(): number {
    return this.index.size;
  }

  push(item: T, priority: Priority): void {
    const entry = { item, removed: false };
    this.lane(priority).entries.push(entry);
    this.index.set(item, entry);
  }

  /** The oldest item of the most urgent non-empty priority. */
  shift(): T | undefined {
    for (const priority of PRIORITIES) {
      const lane = this.lane(priority);
      while (lane.head < lane.entries.length) {
        const entry = lane.entries[lane.head++];
        if (entry.removed) continue;
        this.index.delete(entry.item);
        this.compact(lane);
        return entry.item;
      }
      this.compact(lane);
    }
    return undefined;
  }

  remove(item: T): boolean {
    const entry = this.index.get(item);
    if (!entry) return false;
    entry.removed = true;
    this.index.delete(item);
    return true;
  }

  drain(): T[] {
    const items = [...this.index.keys()];
    for (const lane of this.lanes.values()) {
      lane.entries = [];
      lane.head = 0;
    }
    this.index.clear();
    return items;
  }

  private lane(priority: Priority) {
    const lane = this.lanes.get(priority);
    if (!lane) throw new RangeError(`priority must be one of ${PRIORITIES.join(', ')}, got ${String(priority)}`);
    return lane;
  }

  private compact(lane: { entries: Entry<T>[]; head: number }): void {
    if (lane.head === lane.entries.length) {
      lane.entries = [];
      lane.head = 0;
    } else if (lane.head > 1024 && lane.head * 2 > lane.entries.length) {
      lane.entries = lane.entries.slice(lane.head);
      lane.head = 0;
    }
  }
}
