import { describe, expect, it } from 'vitest';
import { createWriteGate } from './write-timing.ts';

describe('the write gate', () => {
  it('pauses only once the writes under way are done, and holds new ones until resumed', async () => {
    const gate = createWriteGate();
    const order: string[] = [];
    let finishFirst!: () => void;
    const first = gate.through(() => new Promise<void>((resolve) => (finishFirst = resolve)).then(() => void order.push('first done')));
    const paused = gate.pause().then((resume) => {
      order.push('paused');
      return resume;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    finishFirst();
    const resume = await paused;
    const second = gate.through(async () => void order.push('second'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['first done', 'paused']);
    resume();
    await Promise.all([first, second]);
    expect(order).toEqual(['first done', 'paused', 'second']);
  });
});
