import { useEffect, useState } from 'react';
import { useApp, type ThemeChoice } from './store';

const prefersDark = () => matchMedia('(prefers-color-scheme: dark)');
const isDark = (theme: ThemeChoice) => theme === 'dark' || (theme === 'system' && prefersDark().matches);

/** Applies the theme: the OS's preference unless the user picked one (toggle in the header). */
export function useThemeEffect(): void {
  const theme = useApp((s) => s.theme);
  useEffect(() => {
    const media = prefersDark();
    const apply = () => {
      document.documentElement.dataset.theme = isDark(theme) ? 'dark' : 'light';
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}

/** Whether the page is dark now, for what cannot read the CSS variables (the code editor's chrome). */
export function useDarkTheme(): boolean {
  const theme = useApp((s) => s.theme);
  const [dark, setDark] = useState(() => isDark(theme));
  useEffect(() => {
    const media = prefersDark();
    const update = () => setDark(isDark(theme));
    update();
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, [theme]);
  return dark;
}
