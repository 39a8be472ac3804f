import { create } from 'zustand';
import type { BarwiseClient } from '../../../src-shared/api';
import type { ImportOptionsInput, ImportOutcome, PreviewResult } from '../../../src-shared/api/datasets';
import { toErrorValue, type ErrorValue } from '../../../src-shared/errors';
import { openProbe, uploadAndImport, UploadCancelled } from './upload';

export type ImportPhase =
  | 'waiting'
  | 'checking'
  | 'needs-options'
  | 'uploading'
  | 'importing'
  | 'done'
  | 'failed'
  | 'cancelled';

/** One file on its way into the catalog; kept in a store so it survives leaving the Data page. */
export interface ImportItem {
  readonly key: string;
  readonly fileName: string;
  readonly size: number;
  readonly phase: ImportPhase;
  readonly options: ImportOptionsInput;
  readonly preview?: PreviewResult;
  readonly previewError?: ErrorValue;
  /** Main's id for the upload, which is also the import's id in progress events. */
  readonly uploadId?: string;
  readonly bytesSent: number;
  readonly startedAt?: number;
  readonly outcome?: ImportOutcome;
  readonly error?: ErrorValue;
  /** A sample load rather than a file. */
  readonly sample?: boolean;
}

interface Pending {
  readonly file: File;
  cancelled: boolean;
  decide?: (go: boolean) => void;
  probe?: Awaited<ReturnType<typeof openProbe>>;
}

interface ImportState {
  readonly items: readonly ImportItem[];
  /** Bumped whenever the catalog may have changed (an import stored a dataset). */
  readonly catalogRevision: number;
  readonly sampleLoading: boolean;
  add(api: BarwiseClient, files: readonly File[]): void;
  /** Re-runs the preview of a file waiting for the user's options. */
  setOptions(key: string, options: ImportOptionsInput): void;
  confirm(key: string): void;
  cancel(api: BarwiseClient, key: string): void;
  dismiss(key: string): void;
  loadSample(api: BarwiseClient): Promise<void>;
  bumpCatalog(): void;
}

const pending = new Map<string, Pending>();
let running = false;
let nextKey = 1;

export const useImports = create<ImportState>((set, get) => {
  const patch = (key: string, change: Partial<ImportItem>) =>
    set((s) => ({ items: s.items.map((item) => (item.key === key ? { ...item, ...change } : item)) }));
  const item = (key: string) => get().items.find((i) => i.key === key);

  async function runOne(api: BarwiseClient, key: string, job: Pending): Promise<void> {
    patch(key, { phase: 'checking', startedAt: Date.now() });
    try {
      job.probe = await openProbe(api, job.file);
      const preview = await job.probe.preview({});
      patch(key, { preview });
      if (job.cancelled) throw new UploadCancelled();
      // Detection unsure of anything: the user sees the rows as parsed and may override.
      if (preview.unsure.length > 0) {
        patch(key, { phase: 'needs-options' });
        const go = await new Promise<boolean>((resolve) => (job.decide = resolve));
        job.decide = undefined;
        if (!go || job.cancelled) throw new UploadCancelled();
      }
      await job.probe.discard();
      job.probe = undefined;
      const options = item(key)?.options ?? {};
      patch(key, { phase: 'uploading', startedAt: Date.now(), bytesSent: 0 });
      const outcome = await uploadAndImport(api, job.file, options, {
        onBegin: (uploadId) => patch(key, { uploadId }),
        onSent: (bytesSent) => patch(key, bytesSent >= job.file.size ? { bytesSent, phase: 'importing' } : { bytesSent }),
        cancelled: () => job.cancelled,
      });
      patch(key, { phase: 'done', outcome });
      get().bumpCatalog();
    } catch (error) {
      if (error instanceof UploadCancelled) {
        patch(key, { phase: 'cancelled' });
      } else {
        const value = toErrorValue(error);
        patch(key, { phase: value.code === 'CANCELLED' ? 'cancelled' : 'failed', error: value });
      }
    } finally {
      await job.probe?.discard();
      pending.delete(key);
    }
  }

  /** One file at a time, in the order they were dropped. */
  async function drain(api: BarwiseClient): Promise<void> {
    if (running) return;
    running = true;
    try {
      for (;;) {
        const next = get().items.find((i) => i.phase === 'waiting' && pending.has(i.key));
        if (!next) break;
        await runOne(api, next.key, pending.get(next.key)!);
      }
    } finally {
      running = false;
    }
  }

  return {
    items: [],
    catalogRevision: 0,
    sampleLoading: false,
    add(api, files) {
      const added: ImportItem[] = files.map((file) => {
        const key = `import-${nextKey++}`;
        pending.set(key, { file, cancelled: false });
        return { key, fileName: file.name, size: file.size, phase: 'waiting', options: {}, bytesSent: 0 };
      });
      set((s) => ({ items: [...s.items, ...added] }));
      void drain(api);
    },
    setOptions(key, options) {
      const job = pending.get(key);
      patch(key, { options, previewError: undefined });
      if (!job?.probe) return;
      job.probe.preview(options).then(
        (preview) => {
          // Ignore a preview for options the user has already changed again.
          if (item(key)?.options === options) patch(key, { preview });
        },
        (error: unknown) => {
          if (item(key)?.options === options) patch(key, { previewError: toErrorValue(error) });
        },
      );
    },
    confirm(key) {
      pending.get(key)?.decide?.(true);
    },
    cancel(api, key) {
      const job = pending.get(key);
      const current = item(key);
      if (!job || !current) return;
      job.cancelled = true;
      if (current.phase === 'waiting') {
        pending.delete(key);
        patch(key, { phase: 'cancelled' });
      } else if (current.phase === 'needs-options') {
        job.decide?.(false);
      } else if (current.phase === 'importing' && current.uploadId) {
        void api.datasets.cancelImport({ importId: current.uploadId }).catch(() => undefined);
      }
      // 'checking' and 'uploading' see the flag before their next request.
    },
    dismiss(key) {
      set((s) => ({ items: s.items.filter((i) => i.key !== key) }));
    },
    async loadSample(api) {
      if (get().sampleLoading) return;
      const key = `import-${nextKey++}`;
      set((s) => ({
        sampleLoading: true,
        items: [...s.items, { key, fileName: 'Sample data', size: 0, phase: 'importing', options: {}, bytesSent: 0, sample: true, startedAt: Date.now() }],
      }));
      try {
        const outcome = await api.datasets.loadSample({});
        patch(key, { phase: 'done', outcome, fileName: outcome.dataset.name });
        get().bumpCatalog();
      } catch (error) {
        patch(key, { phase: 'failed', error: toErrorValue(error) });
      } finally {
        set({ sampleLoading: false });
      }
    },
    bumpCatalog() {
      set((s) => ({ catalogRevision: s.catalogRevision + 1 }));
    },
  };
});

export const isActive = (phase: ImportPhase): boolean =>
  phase === 'waiting' || phase === 'checking' || phase === 'needs-options' || phase === 'uploading' || phase === 'importing';
