import { describe, expect, it } from 'vitest';
import { codeNote } from './code-note';

const hash = (c: string) => c.repeat(64);

describe("the Code view's note", () => {
  it('says the run used the file as it is now, or that the file has changed, or is gone', () => {
    const fileName = 'strategies/my-cross.ts';
    expect(codeNote({ kind: 'user', source: { fileName, recordedHash: hash('a'), currentHash: hash('a'), changed: false } })).toEqual({
      text: 'The code this run used: the same as strategies/my-cross.ts now.',
      changed: false,
      link: 'Open the file',
    });
    expect(codeNote({ kind: 'user', source: { fileName, recordedHash: hash('a'), currentHash: hash('b'), changed: true } })).toEqual({
      text: 'The code this run used. strategies/my-cross.ts has changed since this run.',
      changed: true,
      link: 'Open the current file',
    });
    expect(codeNote({ kind: 'user', source: { fileName, recordedHash: hash('a'), currentHash: null, changed: true } })).toEqual({
      text: 'The code this run used. strategies/my-cross.ts is no longer in your strategies folder.',
      changed: true,
    });
  });

  it("compares a built-in's recorded version with the one shipped now", () => {
    expect(codeNote({ kind: 'builtin', strategyId: 'sma-cross', recordedVersion: '2', currentVersion: '2' }).changed).toBe(false);
    const older = codeNote({ kind: 'builtin', strategyId: 'sma-cross', recordedVersion: '1', currentVersion: '2' });
    expect(older).toMatchObject({ changed: true, text: expect.stringContaining('used version 1 of the built-in "sma-cross"; below is version 2') });
  });
});
