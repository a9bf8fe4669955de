import { describe, expect, it } from 'vitest';
import { checkMeetingForm, fromLocalInput } from './meeting-form-check.ts';

const good = { title: 'Customer call', start: '2026-11-30T10:00', duration: 30 };

describe('the meeting form names the field that is wrong', () => {
  it('accepts a complete form', () => expect(checkMeetingForm(good)).toBeNull());

  it.each([
    ['an empty title', { title: '  ' }, 'title', /^Title:/],
    ['an empty start (half typed)', { start: '' }, 'startsAt', /^Starts:/],
    ['a mistyped year', { start: '20266-11-30T10:00' }, 'startsAt', /^Starts:/],
    ['a date that does not exist', { start: '2026-02-31T25:00' }, 'startsAt', /^Starts:/],
    ['zero minutes', { duration: 0 }, 'durationMinutes', /^Minutes:/],
    ['half a minute', { duration: 12.5 }, 'durationMinutes', /^Minutes:/],
    ['no minutes (an empty number field)', { duration: Number.NaN }, 'durationMinutes', /^Minutes:/],
    ['more than a day', { duration: 1441 }, 'durationMinutes', /^Minutes:/],
  ])('%s', (_, change, field, message) => {
    const problem = checkMeetingForm({ ...good, ...change });
    expect(problem?.field).toBe(field);
    expect(problem?.message).toMatch(message);
    expect(problem?.message).not.toMatch(/Invalid time value/);
  });

  it('turns a local date and time into an ISO string in the browser zone', () => {
    expect(fromLocalInput('2026-11-30T10:00')).toBe(new Date(2026, 10, 30, 10, 0).toISOString());
    expect(fromLocalInput('not a date')).toBeNull();
  });
});
