import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportOptions } from '../../src-shared/api/datasets';
import { BarwiseError } from '../../src-shared/errors';
import { newId } from '../store/ids';

interface Upload {
  readonly id: string;
  readonly owner: string;
  readonly fileName: string;
  readonly size: number;
  readonly options: ImportOptions;
  readonly path: string;
  /** `finished` once the bytes are complete and handed to an import. */
  state: 'receiving' | 'finished';
  received: number;
}

export interface UploadLimits {
  /** Uploads one owner (one browser-shell connection) may have open at once. */
  readonly perOwner: number;
  /** Uploads open at once in this process, all owners together. */
  readonly total: number;
  /** The largest size an upload may announce, in bytes. */
  readonly maxBytes: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = Object.freeze({
  perOwner: 4,
  total: 16,
  maxBytes: 16 * 1024 ** 3,
});

/** The owner of uploads begun in-process (Electron, the CLI, tests) rather than over a shell connection. */
export const LOCAL_OWNER = 'local';

const STALE_MS = 24 * 3_600_000;
/** `<pid>-<id>.csv`: the process that wrote a temp file is part of its name. */
const TEMP_NAME = /^(\d+)-[\w-]+\.csv$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what a crashed process left: a temp file whose writer is gone goes at once; another
 * live process (the app and the CLI share a data dir) may be mid-upload, so a file of a running
 * pid, or without a pid, goes only after a day untouched (a pid can be reused).
 */
function removeLeftovers(dir: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const pid = TEMP_NAME.exec(name)?.[1];
    try {
      if ((pid !== undefined && !processAlive(Number(pid))) || now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** e.g. `1.5 GB (1,500,000,000 bytes)`: readable, and exact where two sizes are close. */
const formatBytes = (bytes: number): string => {
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit < 0 ? exact : `${value.toFixed(1)} ${units[unit]} (${exact})`;
};

/**
 * Browser-shell uploads: the bytes arrive in chunks over the transport and go straight to a temp
 * file in the data dir (never held in memory); the finished file is imported like any other.
 *
 * Bounded on every axis a client controls: uploads open per owner and in total, the announced
 * size (a configured limit, and the free space of the data dir's disk less what other uploads
 * still expect), and the bytes received (never more than announced). An upload holds no file
 * descriptor between chunks, so open uploads cannot exhaust the process's descriptors; `release`
 * drops an owner's unfinished uploads when its connection closes.
 */
export class Uploads {
  private readonly uploads = new Map<string, Upload>();
  private readonly dir: string;
  private limits: UploadLimits = DEFAULT_UPLOAD_LIMITS;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'uploads');
    removeLeftovers(this.dir);
  }

  configure(limits: Partial<UploadLimits>): void {
    const next = { ...this.limits, ...limits };
    for (const [name, value] of Object.entries(next)) {
      if (!Number.isSafeInteger(value) || value < 1) throw new Error(`upload limit ${name} must be a positive integer, got ${value}`);
    }
    this.limits = Object.freeze(next);
  }

  begin(fileName: string, size: number, options: ImportOptions, owner: string = LOCAL_OWNER): string {
    const { perOwner, total, maxBytes } = this.limits;
    const owned = [...this.uploads.values()].filter((u) => u.owner === owner).length;
    if (owned >= perOwner) {
      throw new BarwiseError('TOO_MANY_UPLOADS', `${owned} uploads are already open on this connection (at most ${perOwner}); finish or cancel one first`);
    }
    if (this.uploads.size >= total) {
      throw new BarwiseError('TOO_MANY_UPLOADS', `${this.uploads.size} uploads are already open (at most ${total} at once); try again when one has finished`);
    }
    if (size > maxBytes) {
      throw new BarwiseError('UPLOAD_TOO_LARGE', `${fileName} is ${formatBytes(size)}; uploads are limited to ${formatBytes(maxBytes)}`);
    }
    mkdirSync(this.dir, { recursive: true });
    const free = this.freeBytes();
    if (size > free) {
      throw new BarwiseError('NOT_ENOUGH_DISK_SPACE', `${fileName} is ${formatBytes(size)}, but only ${formatBytes(free)} is free for uploads in ${this.dir}`);
    }
    const id = newId();
    const path = join(this.dir, `${process.pid}-${id}.csv`);
    closeSync(openSync(path, 'wx'));
    this.uploads.set(id, { id, owner, fileName, size, options, path, state: 'receiving', received: 0 });
    return id;
  }

  /** `owner`, when given, must be the upload's (a connection's calls name their connection). */
  chunk(id: string, bytes: Uint8Array, owner?: string): number {
    const upload = this.require(id, owner);
    if (upload.state !== 'receiving') throw new BarwiseError('VALIDATION_FAILED', `upload ${id} is already finished`);
    if (upload.received + bytes.length > upload.size) {
      this.discard(id);
      throw new BarwiseError('VALIDATION_FAILED', `upload ${id}: more bytes than the announced ${upload.size}; upload dropped`);
    }
    const fd = openSync(upload.path, 'r+');
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, upload.received + written);
    } finally {
      closeSync(fd);
    }
    upload.received += bytes.length;
    return upload.received;
  }

  /** Marks the bytes complete; the caller imports the file and then calls discard. */
  finish(id: string, owner?: string): Upload {
    const upload = this.require(id, owner);
    if (upload.state !== 'receiving') throw new BarwiseError('VALIDATION_FAILED', `upload ${id} is already finished`);
    if (upload.received !== upload.size) {
      this.discard(id);
      throw new BarwiseError('VALIDATION_FAILED', `upload ${id}: received ${upload.received} of ${upload.size} bytes; upload dropped`);
    }
    upload.state = 'finished';
    return upload;
  }

  /** For preview while (or after) bytes arrive: the temp file and the original file name. */
  fileOf(id: string, owner?: string): { readonly path: string; readonly fileName: string } {
    const upload = this.require(id, owner);
    return { path: upload.path, fileName: upload.fileName };
  }

  has(id: string): boolean {
    return this.uploads.has(id);
  }

  /** Whether `id` is an upload of someone other than `owner` (which `owner` must not touch). */
  belongsToAnother(id: string, owner: string): boolean {
    const upload = this.uploads.get(id);
    return upload !== undefined && upload.owner !== owner;
  }

  discard(id: string): void {
    const upload = this.uploads.get(id);
    if (!upload) return;
    rmSync(upload.path, { force: true });
    this.uploads.delete(id);
  }

  /**
   * Drops the owner's uploads still receiving bytes (its connection closed): their files go at
   * once. A finished upload belongs to its running import, which discards it when done.
   */
  release(owner: string): number {
    let released = 0;
    for (const upload of this.uploads.values()) {
      if (upload.owner !== owner || upload.state !== 'receiving') continue;
      this.discard(upload.id); // deleting the current key is safe in Map iteration
      released++;
    }
    return released;
  }

  discardAll(): void {
    for (const id of this.uploads.keys()) this.discard(id);
  }

  /** Free space for a new upload: the disk's available bytes less what open uploads still expect. */
  private freeBytes(): number {
    const { bavail, bsize } = statfsSync(this.dir);
    let expected = 0;
    for (const upload of this.uploads.values()) {
      if (upload.state === 'receiving') expected += upload.size - upload.received;
    }
    return Math.max(0, bavail * bsize - expected);
  }

  private require(id: string, owner: string | undefined): Upload {
    const upload = this.uploads.get(id);
    // Another connection's upload is reported as absent: ids are not for sharing.
    if (!upload || (owner !== undefined && upload.owner !== owner)) throw new BarwiseError('NOT_FOUND', `no upload with id ${id}`);
    return upload;
  }
}
