import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportOptions } from '../../src-shared/api/datasets';
import { BarwiseError } from '../../src-shared/errors';
import { newId } from '../store/ids';

interface Upload {
  readonly id: string;
  readonly fileName: string;
  readonly size: number;
  readonly options: ImportOptions;
  readonly path: string;
  fd: number | undefined;
  received: number;
}

const STALE_MS = 24 * 3_600_000;

/**
 * Upload files outlive only a crashed process; another process (the app and the CLI share a data
 * dir) may be mid-upload, so only files untouched for a day are removed.
 */
function removeStale(dir: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/**
 * Browser-shell uploads: the bytes arrive in chunks over the transport and go straight to a temp
 * file in the data dir (never held in memory); the finished file is imported like any other.
 */
export class Uploads {
  private readonly uploads = new Map<string, Upload>();
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'uploads');
    removeStale(this.dir);
  }

  begin(fileName: string, size: number, options: ImportOptions): string {
    mkdirSync(this.dir, { recursive: true });
    const id = newId();
    const path = join(this.dir, `${id}.csv`);
    const fd = openSync(path, 'wx');
    this.uploads.set(id, { id, fileName, size, options, path, fd, received: 0 });
    return id;
  }

  chunk(id: string, bytes: Uint8Array): number {
    const upload = this.require(id);
    if (upload.fd === undefined) throw new BarwiseError('VALIDATION_FAILED', `upload ${id} is already finished`);
    if (upload.received + bytes.length > upload.size) {
      this.discard(id);
      throw new BarwiseError('VALIDATION_FAILED', `upload ${id}: more bytes than the announced ${upload.size}; upload dropped`);
    }
    let written = 0;
    while (written < bytes.length) written += writeSync(upload.fd, bytes, written, bytes.length - written);
    upload.received += bytes.length;
    return upload.received;
  }

  /** Closes the temp file; the caller imports it and then calls discard. */
  finish(id: string): Upload {
    const upload = this.require(id);
    if (upload.fd !== undefined) {
      closeSync(upload.fd);
      upload.fd = undefined;
    }
    if (upload.received !== upload.size) {
      this.discard(id);
      throw new BarwiseError('VALIDATION_FAILED', `upload ${id}: received ${upload.received} of ${upload.size} bytes; upload dropped`);
    }
    return upload;
  }

  /** For preview while (or after) bytes arrive: the temp file and the original file name. */
  fileOf(id: string): { readonly path: string; readonly fileName: string } {
    const upload = this.require(id);
    return { path: upload.path, fileName: upload.fileName };
  }

  has(id: string): boolean {
    return this.uploads.has(id);
  }

  discard(id: string): void {
    const upload = this.uploads.get(id);
    if (!upload) return;
    if (upload.fd !== undefined) closeSync(upload.fd);
    rmSync(upload.path, { force: true });
    this.uploads.delete(id);
  }

  discardAll(): void {
    for (const id of this.uploads.keys()) this.discard(id); // deleting the current key is safe in Map iteration
  }

  private require(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new BarwiseError('NOT_FOUND', `no upload with id ${id}`);
    return upload;
  }
}
