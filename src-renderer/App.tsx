import { useEffect, useState } from 'react';
import { createHashRouter, createRoutesFromElements, Navigate, Route, RouterProvider } from 'react-router';
import { Layout } from './app/Layout';
import { useApp } from './app/store';
import { useThemeEffect } from './app/theme';
import { BacktestsPage } from './pages/BacktestsPage';
import { DataPage } from './pages/DataPage';
import { HistoryPage } from './pages/HistoryPage';
import { JobsPage } from './pages/JobsPage';
import { ModelsPage } from './pages/ModelsPage';
import { OptimizePage } from './pages/OptimizePage';
import { SettingsPage } from './pages/SettingsPage';
import { StrategiesPage } from './pages/StrategiesPage';

/**
 * A data router (not <HashRouter>) because the strategy editor keeps the user from leaving
 * unsaved changes with useBlocker, which only data routers offer.
 */
function createRouter() {
  return createHashRouter(
    createRoutesFromElements(
      <Route element={<Layout />}>
        <Route index element={<Navigate to="/data" replace />} />
        <Route path="/data/*" element={<DataPage />} />
        <Route path="/strategies/*" element={<StrategiesPage />} />
        <Route path="/backtests/*" element={<BacktestsPage />} />
        <Route path="/optimize/*" element={<OptimizePage />} />
        <Route path="/models/*" element={<ModelsPage />} />
        <Route path="/history/*" element={<HistoryPage />} />
        <Route path="/jobs" element={<JobsPage />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="*" element={<Navigate to="/data" replace />} />
      </Route>,
    ),
  );
}

function Routes() {
  const [router] = useState(createRouter);
  return <RouterProvider router={router} />;
}

export function App() {
  useThemeEffect();
  const state = useApp((s) => s.connectionState);
  const error = useApp((s) => s.connectionError);
  const start = useApp((s) => s.start);
  useEffect(() => {
    void start();
  }, [start]);

  if (state === 'connecting') return <div className="splash">Starting Barwise…</div>;
  if (state === 'failed') {
    return (
      <div className="splash" role="alert">
        Barwise could not reach its engine: {error}. Restart the app (or `npm run serve`) and reload.
      </div>
    );
  }
  return <Routes />;
}
