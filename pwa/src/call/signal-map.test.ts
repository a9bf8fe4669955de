import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { setEntry } from './signal-map.ts';

describe('setEntry', () => {
  it('sets and removes one entry in a new map each time, so readers of the signal re-run', () => {
    const map = signal<ReadonlyMap<string, number>>(new Map([['a', 1]]));
    const before = map.value;
    setEntry(map, 'b', 2);
    expect([...map.value]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(map.value).not.toBe(before);
    expect([...before]).toEqual([['a', 1]]);
    setEntry(map, 'a', null);
    expect([...map.value]).toEqual([['b', 2]]);
    setEntry(map, 'b', 0); // a falsy value is still a value
    expect(map.value.get('b')).toBe(0);
  });
});
