import { describe, expect, it, test } from 'vitest';
import { parseClock, parseDay, parseEventTime } from './event-time.ts';

const NOW = new Date(2026, 10, 20, 9, 17);

describe("reading the event time from Calendar's editor", () => {
  test.each([
    ['10:00am', 600],
    ['10:00 AM', 600],
    ['12:30pm', 750],
    ['12:05 a.m.', 5],
    ['2pm', 840],
    ['14:30', 870],
    ['9.15', 555],
    ['14 h', null],
    ['', null],
    ['25:00', null],
  ])('clock %j → %j minutes', (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
  });

  test.each([
    ['20261125', new Date(2026, 10, 25)],
    ['Nov 25, 2026', new Date(2026, 10, 25)],
    ['Wednesday, November 25', new Date(2026, 10, 25)],
    // Outlook's numeric fields (the tests run in an en-US locale: month first with slashes).
    ['11/25/2026', new Date(2026, 10, 25)],
    ['Wed 11/25/2026', new Date(2026, 10, 25)],
    ['25/11/2026', new Date(2026, 10, 25)],
    ['25.11.2026', new Date(2026, 10, 25)],
    ['2026-11-25', new Date(2026, 10, 25)],
    ['13/13/2026', null],
    ['nonsense', null],
  ])('day %j', (text, day) => {
    expect(parseDay(text, NOW)).toEqual(day);
  });

  it('start and duration from start and end', () => {
    expect(parseEventTime({ startDate: '20261125', startTime: '10:00am', endDate: '20261125', endTime: '11:30am' }, NOW)).toEqual({
      startsAt: new Date(2026, 10, 25, 10, 0),
      durationMinutes: 90,
    });
  });

  it('an event over midnight, an all-day event, and fields it cannot read', () => {
    expect(
      parseEventTime({ startDate: '20261125', startTime: '11:00pm', endDate: '20261126', endTime: '12:30am' }, NOW).durationMinutes,
    ).toBe(90);
    expect(parseEventTime({ startDate: '20261125', endDate: '20261125' }, NOW)).toEqual({
      startsAt: new Date(2026, 10, 25),
      durationMinutes: 24 * 60,
    });
    expect(parseEventTime({ startDate: '??', startTime: '??' }, NOW)).toEqual({
      startsAt: new Date(2026, 10, 20, 9, 17),
      durationMinutes: 30,
    });
    expect(parseEventTime({ startTime: '10:00', endTime: '09:00' }, NOW).durationMinutes).toBe(30);
  });
});
