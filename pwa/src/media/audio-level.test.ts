import { describe, expect, it } from 'vitest';
import { levelOf } from './audio-level.ts';

const sine = (amplitude: number) => Float32Array.from({ length: 1024 }, (_, i) => amplitude * Math.sin((2 * Math.PI * i) / 32));

describe('levelOf', () => {
  it.each([
    [0, 0],
    [0.001, 0],
    [0.01, 0.26],
    [0.1, 0.6],
    [1, 0.95],
  ])('amplitude %f → about %f', (amplitude, expected) => expect(levelOf(sine(amplitude))).toBeCloseTo(expected, 1));
});
