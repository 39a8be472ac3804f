/** CHROMIUM_PATH, else a system Chromium, else Playwright's own; undefined when none exists. */
export function findChromium(): string | undefined;
