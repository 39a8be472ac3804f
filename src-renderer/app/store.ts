import { create } from 'zustand';
import type { BarwiseClient } from '../../src-shared/api';
import type { BarwiseEvent } from '../../src-shared/events';
import type { Connection } from '../../src-shared/rpc/connect';
import { openConnection } from '../api/connection';

export type ConnectionState = 'connecting' | 'connected' | 'closed' | 'failed';
export type ThemeChoice = 'system' | 'light' | 'dark';

interface AppState {
  connection?: Connection;
  connectionState: ConnectionState;
  connectionError?: string;
  runningJobs: number;
  theme: ThemeChoice;
  setTheme(theme: ThemeChoice): void;
  start(): Promise<void>;
}

const THEME_KEY = 'barwise.theme';
const storedTheme = (): ThemeChoice => {
  const value = localStorage.getItem(THEME_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
};

const eventListeners = new Set<(event: BarwiseEvent) => void>();

/** Subscribe a component to main's pushed events (returns the unsubscribe function). */
export function onBarwiseEvent(listener: (event: BarwiseEvent) => void): () => void {
  eventListeners.add(listener);
  return () => eventListeners.delete(listener);
}

export const useApp = create<AppState>((set, get) => ({
  connectionState: 'connecting',
  runningJobs: 0,
  theme: storedTheme(),
  setTheme(theme) {
    localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
  async start() {
    if (get().connection) return;
    try {
      const connection = await openConnection();
      connection.onClose(() => set({ connectionState: 'closed' }));
      connection.onEvent((event) => eventListeners.forEach((listener) => listener(event)));
      set({ connection, connectionState: 'connected' });
    } catch (error) {
      set({ connectionState: 'failed', connectionError: (error as Error).message });
    }
  },
}));

/** The typed API; only call once connected (pages render after the connection is up). */
export function useApi(): BarwiseClient {
  const connection = useApp((s) => s.connection);
  if (!connection) throw new Error('useApi() before the connection to Barwise is up');
  return connection.client;
}
