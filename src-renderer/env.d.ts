/** What the Electron preload (src-main/electron/preload.ts) adds to the page; absent in a browser. */
interface Window {
  readonly barwiseFiles?: {
    /** The file's path on disk, or '' when it has none (e.g. made in the page). */
    pathOf(file: File): string;
  };
}
