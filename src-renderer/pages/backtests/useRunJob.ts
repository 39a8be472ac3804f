import { useCallback, useEffect, useRef, useState } from 'react';
import type { BacktestRequest } from '../../../src-shared/api/backtests';
import type { Job } from '../../../src-shared/api/jobs';
import { onBarwiseEvent } from '../../app/store';
import { errorMessage, useRunsApi } from './api';

export interface RunJobState {
  readonly phase: 'idle' | 'queued' | 'running' | 'failed' | 'cancelled';
  readonly jobId?: string;
  readonly fraction: number;
  readonly message: string;
  readonly error?: string;
}

const IDLE: RunJobState = { phase: 'idle', fraction: 0, message: '' };
const POLL_MS = 1000;

/**
 * Queues a backtest and follows its job: progress from pushed events, the finish from the job
 * event (or a slow poll, in case an event was missed while the job id was on its way back).
 * Resolves `onDone(runId)` once, with the job's resultRef.
 */
export function useRunJob(onDone: (runId: string) => void) {
  const api = useRunsApi();
  const [state, setState] = useState<RunJobState>(IDLE);
  const jobRef = useRef<string | undefined>(undefined);
  const doneRef = useRef(onDone);
  useEffect(() => {
    doneRef.current = onDone;
  }, [onDone]);

  const settle = useCallback((job: Job) => {
    if (job.id !== jobRef.current) return;
    if (job.status === 'completed' && job.resultRef) {
      jobRef.current = undefined;
      setState(IDLE);
      doneRef.current(job.resultRef);
    } else if (job.status === 'failed' || job.status === 'cancelled') {
      jobRef.current = undefined;
      setState({
        phase: job.status,
        fraction: 0,
        message: '',
        error: job.status === 'failed' ? (job.error?.message ?? 'The backtest failed') : 'Cancelled',
      });
    } else {
      setState((s) => ({ ...s, phase: job.status === 'running' ? 'running' : 'queued', fraction: Math.max(s.fraction, job.progress) }));
    }
  }, []);

  const check = useCallback(
    async (id: string) => {
      try {
        settle(await api.jobs.get({ id }));
      } catch (error) {
        if (id === jobRef.current) setState({ phase: 'failed', fraction: 0, message: '', error: errorMessage(error) });
      }
    },
    [api, settle],
  );

  useEffect(
    () =>
      onBarwiseEvent((event) => {
        const id = jobRef.current;
        if (event.topic === 'strategies' || event.topic === 'optimization' || !id || event.id !== id) return;
        if (event.topic === 'progress') {
          setState((s) => ({ ...s, phase: 'running', fraction: event.fraction, message: event.message }));
        } else if (event.status === 'completed' || event.status === 'failed' || event.status === 'cancelled') {
          void check(id);
        } else {
          setState((s) => ({ ...s, phase: event.status === 'running' ? 'running' : 'queued' }));
        }
      }),
    [check],
  );

  const active = state.phase === 'queued' || state.phase === 'running';
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (jobRef.current) void check(jobRef.current);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active, check]);

  const start = useCallback(
    async (request: BacktestRequest) => {
      setState({ phase: 'queued', fraction: 0, message: 'Queued' });
      try {
        const job = await api.backtests.run(request);
        jobRef.current = job.id;
        setState({ phase: 'queued', jobId: job.id, fraction: job.progress, message: job.message || 'Queued' });
        void check(job.id);
      } catch (error) {
        setState({ phase: 'failed', fraction: 0, message: '', error: errorMessage(error) });
      }
    },
    [api, check],
  );

  const cancel = useCallback(async () => {
    const id = jobRef.current;
    if (!id) return;
    try {
      await api.jobs.cancel({ id });
    } catch {
      // The job may have finished meanwhile; its event settles the state.
    }
    void check(id);
  }, [api, check]);

  return { state, start, cancel, active };
}
