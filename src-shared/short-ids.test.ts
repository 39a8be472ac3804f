import { describe, expect, it } from 'vitest';
import { shortIds } from './short-ids';

describe('shortIds', () => {
  it('shows 8 characters when they are unique, and as many as tell ids apart when not', () => {
    const ids = [
      '01a1ff14-eef4-77c3-a44b-8ea28910b6d8',
      '01a1ff14-ee87-7645-a9cd-963d7bb7570a',
      '01a20000-0000-7000-8000-000000000000',
      '01a1ff14-eef4-7000-8000-000000000001',
    ];
    const shown = shortIds(ids);
    expect(shown).toEqual(['01a1ff14-eef4-77', '01a1ff14-ee8', '01a20000', '01a1ff14-eef4-70']);
    // Each shown prefix starts exactly one id: its own.
    for (const [i, prefix] of shown.entries()) expect(ids.filter((id) => id.startsWith(prefix))).toEqual([ids[i]]);
  });

  it('keeps a whole id that is a prefix of another, and handles none or one', () => {
    expect(shortIds([])).toEqual([]);
    expect(shortIds(['01a1ff14-eef4-77c3-a44b-8ea28910b6d8'])).toEqual(['01a1ff14']);
    expect(shortIds(['abcdefghij', 'abcdefghijk'])).toEqual(['abcdefghij', 'abcdefghijk']);
  });
});
