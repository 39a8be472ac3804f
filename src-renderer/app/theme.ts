import { useEffect } from 'react';
import { useApp } from './store';

/** Applies the theme: the OS's preference unless the user picked one (toggle in the header). */
export function useThemeEffect(): void {
  const theme = useApp((s) => s.theme);
  useEffect(() => {
    const media = matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      const dark = theme === 'dark' || (theme === 'system' && media.matches);
      document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}
