import { describe, expect, it } from 'vitest';
import { MeshRecalls, RECALL_DELAY_MS, RECALL_RESET_AFTER_MS, RECALLS_MAX } from './mesh-recalls.ts';

describe('MeshRecalls (when the bridge calls a participant again)', () => {
  it('waits longer after each failure in a row, and gives up after the last', () => {
    const recalls = new MeshRecalls();
    const waits = Array.from({ length: RECALLS_MAX + 1 }, () => recalls.failed('guest', 100));
    expect(waits).toEqual([...Array.from({ length: RECALLS_MAX }, (_, i) => RECALL_DELAY_MS * (i + 1)), null]);
  });

  it('counts from one again after a connection that had lived, and keeps each participant apart', () => {
    const recalls = new MeshRecalls();
    for (let i = 0; i < RECALLS_MAX; i++) recalls.failed('guest', 100);
    expect(recalls.failed('other', 100)).toBe(RECALL_DELAY_MS);
    expect(recalls.failed('guest', RECALL_RESET_AFTER_MS)).toBe(RECALL_DELAY_MS);
  });

  it('forgets a participant who left', () => {
    const recalls = new MeshRecalls();
    for (let i = 0; i < RECALLS_MAX; i++) recalls.failed('guest', 100);
    recalls.forget('guest');
    expect(recalls.failed('guest', 100)).toBe(RECALL_DELAY_MS);
  });
});
