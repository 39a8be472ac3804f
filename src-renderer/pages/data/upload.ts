import type { BarwiseClient } from '../../../src-shared/api';
import type { ImportOptionsInput, ImportOutcome, PreviewResult } from '../../../src-shared/api/datasets';
import { UPLOAD_CHUNK_BYTES } from '../../../src-shared/rpc/limits';
import { nativePathOf } from '../../api/native-files';

/**
 * Files reach main by path in Electron (the preload says where the file is; main streams it from
 * disk), and as bytes over the API in the browser shell (uploadBegin → uploadChunk… →
 * uploadFinish). Previews always send a small probe of the first rows.
 */

/** Main's preview reads the first 64 KB; the probe sends no more than that. */
const PROBE_BYTES = 64 * 1024;

/** The first ≤64 KB of a file, cut after its last complete line (so no half row is previewed). */
export async function probeBytes(file: Blob): Promise<Uint8Array> {
  const bytes = new Uint8Array(await file.slice(0, PROBE_BYTES).arrayBuffer());
  if (file.size <= PROBE_BYTES) return bytes;
  const lastNewline = bytes.lastIndexOf(0x0a);
  if (lastNewline < 0) return bytes;
  // UTF-16LE: the newline is 0A 00; keep both bytes.
  const end = bytes[lastNewline + 1] === 0 ? lastNewline + 2 : lastNewline + 1;
  return bytes.subarray(0, end);
}

/**
 * Sends the file's first rows as a throwaway upload and previews them. The probe stays open so
 * the preview can be re-run with other options; `discard` drops it.
 */
export async function openProbe(api: BarwiseClient, file: File) {
  const bytes = await probeBytes(file);
  const { uploadId } = await api.datasets.uploadBegin({ fileName: file.name, size: bytes.length, options: {} });
  try {
    await api.datasets.uploadChunk({ uploadId, bytes });
  } catch (error) {
    await api.datasets.cancelImport({ importId: uploadId }).catch(() => undefined);
    throw error;
  }
  return {
    preview: (options: ImportOptionsInput): Promise<PreviewResult> =>
      api.datasets.preview({ uploadId, options, rows: 20 }),
    discard: async (): Promise<void> => {
      await api.datasets.cancelImport({ importId: uploadId }).catch(() => undefined);
    },
  };
}

export interface UploadHooks {
  /** Called with the upload id as soon as main has assigned it (progress events and cancel use it). */
  readonly onBegin: (uploadId: string) => void;
  readonly onSent: (bytesSent: number) => void;
  /** Checked before each chunk: true stops the upload (main drops what it received). */
  readonly cancelled: () => boolean;
}

export class UploadCancelled extends Error {
  constructor() {
    super('Upload cancelled');
    this.name = 'UploadCancelled';
  }
}

/**
 * Streams the whole file in UPLOAD_CHUNK_BYTES slices (one WebSocket message each, see
 * src-shared/rpc/limits.ts), then has main import it; resolves with the outcome.
 */
export async function uploadAndImport(
  api: BarwiseClient,
  file: File,
  options: ImportOptionsInput,
  hooks: UploadHooks,
): Promise<ImportOutcome> {
  const path = nativePathOf(file);
  if (path) {
    const importId = crypto.randomUUID();
    hooks.onBegin(importId);
    hooks.onSent(file.size);
    return api.datasets.importFile({ path, options, importId });
  }
  const { uploadId } = await api.datasets.uploadBegin({ fileName: file.name, size: file.size, options });
  hooks.onBegin(uploadId);
  for (let offset = 0; offset < file.size; offset += UPLOAD_CHUNK_BYTES) {
    if (hooks.cancelled()) {
      await api.datasets.cancelImport({ importId: uploadId }).catch(() => undefined);
      throw new UploadCancelled();
    }
    const bytes = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer());
    await api.datasets.uploadChunk({ uploadId, bytes });
    hooks.onSent(Math.min(file.size, offset + bytes.length));
  }
  if (hooks.cancelled()) {
    await api.datasets.cancelImport({ importId: uploadId }).catch(() => undefined);
    throw new UploadCancelled();
  }
  return api.datasets.uploadFinish({ uploadId });
}
