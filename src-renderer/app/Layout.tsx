import { NavLink, Outlet } from 'react-router';
import { PAGES } from './routes';
import { StatusBar } from './StatusBar';
import { useApp, type ThemeChoice } from './store';

const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

export function Layout() {
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand" aria-hidden="true">
          <img src="./favicon.svg" alt="" width={22} height={22} /> Barwise
        </div>
        <ul>
          {PAGES.map((page) => (
            <li key={page.path}>
              <NavLink to={page.path} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                {page.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="theme-toggle"
          onClick={() => setTheme(NEXT_THEME[theme])}
          aria-label={`Theme: ${theme}. Switch to ${NEXT_THEME[theme]}`}
          title="Switch theme (system → light → dark)"
        >
          Theme: {theme}
        </button>
      </nav>
      <main className="content" id="main">
        <Outlet />
      </main>
      <StatusBar />
    </div>
  );
}
