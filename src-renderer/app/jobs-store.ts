import { useEffect } from 'react';
import { create } from 'zustand';
import type { Job } from '../../src-shared/api/jobs';
import type { BarwiseClient } from '../../src-shared/api';
import type { BarwiseEvent } from '../../src-shared/events';
import { onBarwiseEvent } from './store';

/** What the renderer knows of one job (or import) from main's pushed events. */
export interface JobProgress {
  readonly status: string;
  readonly kind?: string;
  /** 0…1. */
  readonly fraction: number;
  readonly message: string;
  readonly error?: { readonly code: string; readonly message: string } | null;
  /** Epoch ms of the last event about it. */
  readonly updatedAt: number;
  /** False for ids only seen in progress events (imports are not jobs): they stay out of the counts. */
  readonly isJob: boolean;
}

interface JobsState {
  readonly byId: Readonly<Record<string, JobProgress>>;
  readonly running: number;
  readonly queued: number;
  /** Bumped on every job status event: pages that list jobs refetch when it changes. */
  readonly revision: number;
  apply(event: BarwiseEvent): void;
  seed(jobs: readonly Job[]): void;
}

const ACTIVE = new Set(['queued', 'running']);
/** Keeps the map bounded on long sessions: finished entries beyond this are dropped, oldest first. */
const MAX_ENTRIES = 500;

function counts(byId: Readonly<Record<string, JobProgress>>) {
  let running = 0;
  let queued = 0;
  for (const p of Object.values(byId)) {
    if (!p.isJob) continue;
    if (p.status === 'running') running++;
    else if (p.status === 'queued') queued++;
  }
  return { running, queued };
}

function trim(byId: Record<string, JobProgress>): Record<string, JobProgress> {
  const ids = Object.keys(byId);
  if (ids.length <= MAX_ENTRIES) return byId;
  const finished = ids
    .filter((id) => !ACTIVE.has(byId[id].status))
    .sort((a, b) => byId[a].updatedAt - byId[b].updatedAt);
  const next = { ...byId };
  for (const id of finished.slice(0, ids.length - MAX_ENTRIES)) delete next[id];
  return next;
}

export const useJobs = create<JobsState>((set) => ({
  byId: {},
  running: 0,
  queued: 0,
  revision: 0,
  apply(event) {
    // Only jobs' and imports' events concern this store (a strategies event has no id).
    if (event.topic !== 'progress' && event.topic !== 'job') return;
    set((state) => {
      const previous = state.byId[event.id];
      const now = Date.now();
      let entry: JobProgress;
      if (event.topic === 'progress') {
        // Progress means it runs, unless a (late) progress event trails the job's end.
        const status = previous && previous.status !== 'queued' ? previous.status : 'running';
        entry = {
          status,
          kind: previous?.kind,
          fraction: event.fraction,
          message: event.message,
          error: previous?.error,
          updatedAt: now,
          isJob: previous?.isJob ?? false,
        };
      } else {
        entry = {
          status: event.status,
          kind: event.kind ?? previous?.kind,
          fraction: event.progress ?? (event.status === 'completed' ? 1 : (previous?.fraction ?? 0)),
          message: previous?.message ?? '',
          error: event.error ?? previous?.error,
          updatedAt: now,
          isJob: true,
        };
      }
      const byId = trim({ ...state.byId, [event.id]: entry });
      return { byId, ...counts(byId), revision: event.topic === 'job' ? state.revision + 1 : state.revision };
    });
  },
  seed(jobs) {
    set((state) => {
      const byId: Record<string, JobProgress> = { ...state.byId };
      for (const job of jobs) {
        // An event may already have told us more than the list (it raced the request).
        if (byId[job.id] && byId[job.id].updatedAt >= job.updatedAt) continue;
        byId[job.id] = {
          status: job.status,
          kind: job.kind,
          fraction: job.progress,
          message: job.message,
          error: job.error,
          updatedAt: job.updatedAt,
          isJob: true,
        };
      }
      const trimmed = trim(byId);
      return { byId: trimmed, ...counts(trimmed) };
    });
  },
}));

/**
 * Feeds the jobs store: seeds it with the jobs main has active, then follows job and progress
 * events. Mount once (the status bar does).
 */
export function useJobEventFeed(api: BarwiseClient): void {
  useEffect(() => {
    const { apply, seed } = useJobs.getState();
    const off = onBarwiseEvent(apply);
    let live = true;
    Promise.all([api.jobs.list({ status: 'running' }), api.jobs.list({ status: 'queued' })]).then(
      ([running, queued]) => {
        if (live) seed([...running, ...queued]);
      },
      // The badge is a convenience: if the list fails, events still keep it right from here on.
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);
}

/**
 * Live status and progress of one job (or of an import, by its import id), from main's events;
 * undefined until an event about it arrives. For inline progress, e.g. on the Backtests page.
 */
export function useJobProgress(jobId: string | undefined): JobProgress | undefined {
  return useJobs((s) => (jobId === undefined ? undefined : s.byId[jobId]));
}
