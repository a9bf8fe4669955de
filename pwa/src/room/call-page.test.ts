import { describe, expect, it } from 'vitest';
import { callPage } from './call-page.ts';

describe('the page a meeting shows', () => {
  it('is the pre-join page before and during the join, until the room is drawn', () => {
    expect(callPage('idle', false, 'idle', false)).toBe('pre-join');
    expect(callPage('joining', false, 'idle', false)).toBe('pre-join');
    expect(callPage('joining', false, 'knocking', false)).toBe('pre-join');
    expect(callPage('in-call', false, 'idle', false)).toBe('pre-join');
    expect(callPage('in-call', true, 'idle', false)).toBe('room');
  });

  it('is the waiting room, or how the knock ended, while not in the call', () => {
    expect(callPage('idle', false, 'waiting', false)).toBe('waiting');
    expect(callPage('joining', false, 'declined', false)).toBe('declined');
    expect(callPage('idle', false, 'elsewhere', false)).toBe('elsewhere');
    expect(callPage('in-call', true, 'waiting', false)).toBe('room');
  });

  it('shows a reload rejoining, never its pre-join page', () => {
    expect(callPage('idle', false, 'idle', true)).toBe('rejoining');
    expect(callPage('joining', false, 'idle', true)).toBe('rejoining');
    expect(callPage('in-call', false, 'idle', true)).toBe('rejoining');
    expect(callPage('in-call', true, 'idle', true)).toBe('room');
  });

  it('is how the call ended once it has', () => {
    for (const status of ['left', 'failed', 'ended', 'removed'] as const) expect(callPage(status, true, 'idle', false)).toBe(status);
  });
});
