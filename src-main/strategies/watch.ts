import { watch, type FSWatcher } from 'node:fs';

/** How long the folder must be quiet before a change is read: an editor's save is several events. */
export const WATCH_DEBOUNCE_MS = 150;

/**
 * Calls `onChange` once the folder has been quiet for `debounceMs` after any change in it. Node's
 * fs.watch, not chokidar: one flat folder of small files needs no polling, globbing or recursion,
 * and which file changed does not matter (the service compares every file's size and time).
 * The watch never keeps the process alive.
 */
export class FolderWatcher {
  private readonly watcher: FSWatcher;
  private timer: NodeJS.Timeout | undefined;

  constructor(dir: string, onChange: () => void, debounceMs = WATCH_DEBOUNCE_MS) {
    this.watcher = watch(dir, { persistent: false }, () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(onChange, debounceMs);
      this.timer.unref();
    });
    // The folder removed under the watch: nothing more will come; the listing says what is left.
    this.watcher.on('error', () => {
      this.close();
      onChange();
    });
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher.close();
  }
}
