import { expect, it } from 'vitest';
import type { Meeting } from '@shared/api/meetings';
import { todaysMeetings } from './todays-meetings.ts';

const meeting = (title: string, start: Date, durationMinutes = 30): Meeting => ({
  id: `${title.replace(/\W/g, '')}00000000`,
  title,
  startsAt: start.toISOString(),
  durationMinutes,
  createdAt: start.toISOString(),
});

it('keeps what touches the local day, earliest first', () => {
  const now = new Date(2026, 10, 25, 12);
  const list = [
    meeting('evening', new Date(2026, 10, 25, 18)),
    meeting('yesterday, over midnight', new Date(2026, 10, 24, 23, 30), 60),
    meeting('yesterday', new Date(2026, 10, 24, 10)),
    meeting('morning', new Date(2026, 10, 25, 8)),
    meeting('tomorrow', new Date(2026, 10, 26, 0, 0)),
  ];
  expect(todaysMeetings(list, now).map((m) => m.title)).toEqual(['yesterday, over midnight', 'morning', 'evening']);
});
