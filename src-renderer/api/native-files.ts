/**
 * In Electron, a dropped or picked file's path on disk (main then streams it itself, so a 2 GB
 * file never crosses the page); undefined in the browser shell, where the page sends the bytes.
 */
export function nativePathOf(file: File): string | undefined {
  const path = window.barwiseFiles?.pathOf(file);
  return path ? path : undefined;
}
