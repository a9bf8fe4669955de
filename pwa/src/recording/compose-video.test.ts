import { describe, expect, it } from 'vitest';
import { drawDue } from './compose-video.ts';

describe('the page compositor’s pace (drawDue)', () => {
  it('draws at most one frame per half interval when drawing is cheap', () => {
    // 15 fps: ticks every 66.7 ms; ticks queued together (within 33 ms) make one frame.
    expect(drawDue(0, Number.NEGATIVE_INFINITY, 0, 15)).toBe(true);
    expect(drawDue(20, 0, 5, 15)).toBe(false);
    expect(drawDue(34, 0, 5, 15)).toBe(true);
  });

  it('spaces out draws that cost more than half their interval to twice their cost', () => {
    // A 120 ms draw at 15 fps: the next one 240 ms after, not 67 ms (the page stays half free).
    expect(drawDue(67, 0, 120, 15)).toBe(false);
    expect(drawDue(239, 0, 120, 15)).toBe(false);
    expect(drawDue(240, 0, 120, 15)).toBe(true);
  });
});
