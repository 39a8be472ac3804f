import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOptionsSchema } from '../../src-shared/api/datasets';
import { tempDir } from '../test-support/temp-dir';
import { Uploads } from './uploads';

const options = importOptionsSchema.parse({});

function uploads(limits = {}) {
  const dataDir = tempDir();
  const u = new Uploads(dataDir);
  u.configure(limits);
  return { u, dir: join(dataDir, 'uploads'), dataDir };
}

describe('Uploads', () => {
  it('bounds the uploads open per owner and in total, and frees a slot when one goes', () => {
    const { u } = uploads({ perOwner: 2, total: 3 });
    const a1 = u.begin('a1.csv', 10, options, 'a');
    u.begin('a2.csv', 10, options, 'a');
    expect(() => u.begin('a3.csv', 10, options, 'a')).toThrow(expect.objectContaining({ code: 'TOO_MANY_UPLOADS', message: expect.stringMatching(/at most 2/) }));
    u.begin('b1.csv', 10, options, 'b');
    expect(() => u.begin('b2.csv', 10, options, 'b')).toThrow(expect.objectContaining({ code: 'TOO_MANY_UPLOADS', message: expect.stringMatching(/at most 3/) }));
    u.discard(a1);
    expect(u.begin('b2.csv', 10, options, 'b')).toEqual(expect.any(String));
  });

  it('refuses an announced size above the limit or the free disk space, creating no file', () => {
    const { u, dir } = uploads({ maxBytes: 1_000_000 });
    expect(() => u.begin('big.csv', 1_000_001, options)).toThrow(expect.objectContaining({ code: 'UPLOAD_TOO_LARGE', message: 'big.csv is 1.0 MB (1,000,001 bytes); uploads are limited to 1.0 MB (1,000,000 bytes)' }));
    u.configure({ maxBytes: Number.MAX_SAFE_INTEGER });
    expect(() => u.begin('huge.csv', 1e15, options)).toThrow(expect.objectContaining({ code: 'NOT_ENOUGH_DISK_SPACE', message: expect.stringMatching(/^huge\.csv is 1\.0 PB \(1,000,000,000,000,000 bytes\), but only .* bytes\) is free for uploads in /) }));
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('refuses a limit that is not a positive integer', () => {
    const { u } = uploads();
    expect(() => u.configure({ total: 0 })).toThrow(/total must be a positive integer/);
    expect(() => u.configure({ maxBytes: Number.NaN })).toThrow(/maxBytes/);
  });

  it('never takes more bytes than announced: the upload and its file go at once', () => {
    const { u, dir } = uploads();
    const id = u.begin('x.csv', 4, options);
    expect(u.chunk(id, new Uint8Array([1, 2, 3]))).toBe(3);
    expect(() => u.chunk(id, new Uint8Array([4, 5]))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/more bytes than the announced 4/) }));
    expect(u.has(id)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes the chunks in order and refuses a second finish', () => {
    const { u } = uploads();
    const id = u.begin('x.csv', 5, options);
    u.chunk(id, new TextEncoder().encode('a,b'));
    u.chunk(id, new TextEncoder().encode('\n1'));
    const upload = u.finish(id);
    expect(readFileSync(upload.path, 'utf8')).toBe('a,b\n1');
    expect(() => u.finish(id)).toThrow(/already finished/);
    expect(() => u.chunk(id, new Uint8Array(0))).toThrow(/already finished/);
  });

  it("keeps an upload from any owner but its own, reporting it as absent", () => {
    const { u } = uploads();
    const id = u.begin('x.csv', 4, options, 'a');
    expect(() => u.chunk(id, new Uint8Array(1), 'b')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => u.fileOf(id, 'b')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(u.belongsToAnother(id, 'b')).toBe(true);
    expect(u.belongsToAnother(id, 'a')).toBe(false);
    expect(u.chunk(id, new Uint8Array(1), 'a')).toBe(1);
  });

  it("releases an owner's unfinished uploads and deletes their files, leaving finished and others' uploads", () => {
    const { u, dir } = uploads();
    const partial = u.begin('partial.csv', 10, options, 'a');
    u.chunk(partial, new Uint8Array(4), 'a');
    const finished = u.begin('done.csv', 1, options, 'a');
    u.chunk(finished, new Uint8Array(1), 'a');
    u.finish(finished);
    const other = u.begin('other.csv', 10, options, 'b');
    expect(readdirSync(dir)).toHaveLength(3);
    expect(u.release('a')).toBe(1);
    expect([u.has(partial), u.has(finished), u.has(other)]).toEqual([false, true, true]);
    expect(readdirSync(dir).sort()).toEqual([`${process.pid}-${finished}.csv`, `${process.pid}-${other}.csv`].sort());
  });

  it('holds no file descriptor between chunks', () => {
    const { u } = uploads({ perOwner: 50, total: 50 });
    const openFds = () => readdirSync('/proc/self/fd').length;
    const before = openFds();
    for (let i = 0; i < 50; i++) u.chunk(u.begin(`f${i}.csv`, 8, options), new Uint8Array(4));
    expect(openFds()).toBe(before);
  });

  it("removes a dead process's temp files when it starts, and keeps a live process's", () => {
    const dataDir = tempDir();
    const dir = join(dataDir, 'uploads');
    mkdirSync(dir);
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    expect(gone).toEqual(expect.any(Number));
    writeFileSync(join(dir, `${gone}-0190a0b0-0000-7000-8000-000000000000.csv`), 'partial');
    writeFileSync(join(dir, `${process.pid}-0190a0b0-0000-7000-8000-000000000001.csv`), 'in progress elsewhere');
    writeFileSync(join(dir, 'unknown-name.csv'), 'recent, no pid');
    new Uploads(dataDir);
    expect(readdirSync(dir).sort()).toEqual([`${process.pid}-0190a0b0-0000-7000-8000-000000000001.csv`, 'unknown-name.csv']);
  });
});
