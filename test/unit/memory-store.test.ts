import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/state/store.js';

describe('MemoryStore', () => {
  it('sets a key only when absent, and forgets it when it expires', async () => {
    let now = 1_000;
    const store = new MemoryStore(10, () => now);
    expect(await store.setIfAbsent('k', 'a', 100)).toBe(true);
    expect(await store.setIfAbsent('k', 'b', 100)).toBe(false);
    expect(await store.get('k')).toBe('a');
    now += 100;
    expect(await store.get('k')).toBeUndefined();
    expect(await store.setIfAbsent('k', 'c', 100)).toBe(true);
  });

  it('replaces with set and removes with delete', async () => {
    const store = new MemoryStore();
    await store.set('k', 'a', 1_000);
    await store.set('k', 'b', 1_000);
    expect(await store.get('k')).toBe('b');
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it('stays within its bound, dropping the oldest entry first', async () => {
    const store = new MemoryStore(2);
    await store.set('a', '1', 1_000);
    await store.set('b', '2', 1_000);
    await store.set('c', '3', 1_000);
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual([undefined, '2', '3']);
  });
});
