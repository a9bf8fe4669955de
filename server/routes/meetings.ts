import { Hono } from 'hono';
import {
  CreateMeetingBodySchema,
  UpdateMeetingBodySchema,
  type Meeting,
} from '../../shared/api/meetings';
import { notFound } from '../lib/api-error';
import { newId } from '../lib/ids';
import { validate } from '../lib/validate';
import type { AppDeps } from '../app-deps';
import type { MeetingRecord } from '../store/store-data';
import { meetingIdParam } from './params';

export const toMeeting = (m: MeetingRecord): Meeting => ({
  id: m.id,
  title: m.title,
  startsAt: m.startsAt,
  durationMinutes: m.durationMinutes,
  createdAt: m.createdAt,
});

export function meetingsRouter({ store, clock }: AppDeps) {
  return new Hono()
    .get('/', (c) => {
      const meetings = store.read((d) =>
        [...d.meetings].sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map(toMeeting),
      );
      return c.json({ meetings });
    })
    .post('/', validate('json', CreateMeetingBodySchema), async (c) => {
      const body = c.req.valid('json');
      const record: MeetingRecord = {
        id: newId(),
        title: body.title,
        startsAt: new Date(body.startsAt).toISOString(),
        durationMinutes: body.durationMinutes,
        createdAt: clock().toISOString(),
      };
      await store.update((d) => void d.meetings.push(record));
      return c.json(toMeeting(record), 201);
    })
    .get('/:id', meetingIdParam, (c) => {
      const id = c.get('meetingId');
      const meeting = store.read((d) => d.meetings.find((m) => m.id === id));
      if (!meeting) throw notFound('meeting');
      return c.json(toMeeting(meeting));
    })
    .patch('/:id', meetingIdParam, validate('json', UpdateMeetingBodySchema), async (c) => {
      const id = c.get('meetingId');
      const body = c.req.valid('json');
      const updated = await store.update((d) => {
        const meeting = d.meetings.find((m) => m.id === id);
        if (!meeting) throw notFound('meeting');
        if (body.title !== undefined) meeting.title = body.title;
        if (body.startsAt !== undefined) meeting.startsAt = new Date(body.startsAt).toISOString();
        if (body.durationMinutes !== undefined) meeting.durationMinutes = body.durationMinutes;
        return { ...meeting };
      });
      return c.json(toMeeting(updated));
    })
    .delete('/:id', meetingIdParam, async (c) => {
      const id = c.get('meetingId');
      await store.update((d) => {
        const index = d.meetings.findIndex((m) => m.id === id);
        if (index < 0) throw notFound('meeting');
        d.meetings.splice(index, 1);
      });
      return c.body(null, 204);
    });
}
