/** The app's pages, in navigation order. */
export const PAGES = [
  { path: '/data', label: 'Data', key: 'd' },
  { path: '/strategies', label: 'Strategies', key: 't' },
  { path: '/backtests', label: 'Backtests', key: 'b' },
  { path: '/optimize', label: 'Optimize', key: 'o' },
  { path: '/models', label: 'Models', key: 'm' },
  { path: '/history', label: 'History', key: 'h' },
  { path: '/jobs', label: 'Jobs', key: 'j' },
  { path: '/settings', label: 'Settings', key: 's' },
] as const;
