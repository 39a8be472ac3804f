/**
 * Whether the window may navigate to `target`: only to the app's own page. Compares scheme, host
 * and port field by field rather than URL.origin, which is "null" for every app:// and file://
 * URL under Node's parser and so would let any of them through. An app URL ending in "/" (the dev
 * server's root) admits every path below it; otherwise only that one page, with any query or hash.
 * Does not import electron, so it is tested under plain Node.
 */
export function isAppNavigation(target: string, appUrl: string): boolean {
  let to: URL;
  let app: URL;
  try {
    to = new URL(target);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (to.protocol !== app.protocol || to.host !== app.host || to.username !== '' || to.password !== '') return false;
  return app.pathname.endsWith('/') ? to.pathname.startsWith(app.pathname) : to.pathname === app.pathname;
}
