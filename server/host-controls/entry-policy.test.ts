import { describe, expect, it } from 'vitest';
import { matches, meetingEnded, wasRemoved } from './entry-policy.ts';

const at = (iso: string) => new Date(iso);

describe('meetingEnded', () => {
  const startsAt = '2026-12-01T10:00:00Z';
  it.each([
    ['never ended', undefined, '2026-12-01T10:05:00Z', false],
    ['ended during the meeting, later that day', '2026-12-01T10:30:00Z', '2026-12-01T11:00:00Z', true],
    ['ended during the meeting, days later', '2026-12-01T10:30:00Z', '2026-12-09T10:00:00Z', true],
    ['ended in a try-out the day before, before the window', '2026-11-30T15:00:00Z', '2026-12-01T09:00:00Z', true],
    ['ended in a try-out the day before, once the window opens (15 min early)', '2026-11-30T15:00:00Z', '2026-12-01T09:45:00Z', false],
    ['ended inside the early window: that end holds', '2026-12-01T09:50:00Z', '2026-12-01T10:10:00Z', true],
  ])('%s', (_what, endedAt, now, ended) => {
    expect(meetingEnded({ startsAt, endedAt }, at(now))).toBe(ended);
  });
});

describe('removals', () => {
  const byInvite = { name: 'Ivy', inviteId: 'inv1', deviceId: null, at: '' };
  const byDevice = { name: 'Gus', inviteId: null, deviceId: 'dev1', at: '' };
  it.each([
    [byInvite, { inviteId: 'inv1', deviceId: 'other' }, true],
    [byInvite, { inviteId: null, deviceId: null }, false],
    [byDevice, { inviteId: null, deviceId: 'dev1' }, true],
    [byDevice, { inviteId: 'inv2', deviceId: 'dev1' }, true],
    [byDevice, { inviteId: null, deviceId: 'dev2' }, false],
    [byDevice, { inviteId: null, deviceId: null }, false],
  ])('%j recognises %j: %s', (removal, who, expected) => {
    expect(matches(removal, who)).toBe(expected);
  });
  it('is false for a meeting without removals (older records)', () => {
    expect(wasRemoved({}, { inviteId: 'x', deviceId: 'y' })).toBe(false);
  });
});
