import { ApiScope } from '../../shared/api/api-keys.ts';
import { MeetingSchema, UpdateMeetingBodySchema } from '../../shared/api/meetings.ts';
import { CreateMeetingV1BodySchema, ListMeetingsQuerySchema, MeetingPageSchema, MeetingPathSchema } from '../../shared/api/v1.ts';
import type { AppDeps } from '../app-deps.ts';
import { clientAddress } from '../http/forwarded.ts';
import { createMeeting, deleteMeeting, toMeeting, updateMeeting } from '../meetings/meeting-actions.ts';
import { operation } from './operation.ts';
import { accountForKey, meetingForKey } from './v1-access.ts';

const tag = 'Meetings';

/** Meetings: create, list (paged, filtered), get, update, delete; the same actions as the app's own API. */
export const meetingOperations = (deps: AppDeps) => [
  operation({
    method: 'post',
    path: '/meetings',
    operationId: 'createMeeting',
    tag,
    summary: 'Create a meeting',
    description: "The waiting room is on unless `waitingRoom` is false. With the server's key, `hostEmail` names the host.",
    scope: ApiScope.MeetingsWrite,
    body: CreateMeetingV1BodySchema,
    responses: { 201: { description: 'The meeting', schema: MeetingSchema } },
    errors: [404],
    async handle(c, { body }) {
      const { hostEmail, ...meeting } = body;
      const host = await accountForKey(deps, c, hostEmail);
      const record = await createMeeting(deps, host.id, meeting, clientAddress(c, deps.config.trustProxy));
      return c.json(toMeeting(record), 201);
    },
  }),
  operation({
    method: 'get',
    path: '/meetings',
    operationId: 'listMeetings',
    tag,
    summary: 'List meetings',
    description: 'By start time, a page at a time (`limit`, `offset`), filtered by start (`from`, `to`) and title (`q`).',
    scope: ApiScope.MeetingsRead,
    query: ListMeetingsQuerySchema,
    responses: { 200: { description: 'A page of meetings', schema: MeetingPageSchema } },
    errors: [404],
    async handle(c, { query }) {
      const host = await accountForKey(deps, c, query.hostEmail);
      const q = query.q?.toLowerCase();
      const from = query.from ? new Date(query.from).getTime() : -Infinity;
      const to = query.to ? new Date(query.to).getTime() : Infinity;
      const matching = (await deps.storage.meetings.listForOwner(host.id)).filter((m) => {
        const start = new Date(m.startsAt).getTime();
        return start >= from && start < to && (!q || m.title.toLowerCase().includes(q));
      });
      const page = matching.slice(query.offset, query.offset + query.limit);
      const next = query.offset + page.length;
      return c.json({ meetings: page.map(toMeeting), total: matching.length, nextOffset: next < matching.length ? next : null });
    },
  }),
  operation({
    method: 'get',
    path: '/meetings/{meetingId}',
    operationId: 'getMeeting',
    tag,
    summary: 'Get a meeting',
    scope: ApiScope.MeetingsRead,
    params: MeetingPathSchema,
    responses: { 200: { description: 'The meeting', schema: MeetingSchema } },
    handle: async (c, { params }) => c.json(toMeeting(await meetingForKey(deps, c, params.meetingId))),
  }),
  operation({
    method: 'patch',
    path: '/meetings/{meetingId}',
    operationId: 'updateMeeting',
    tag,
    summary: 'Change a meeting',
    description: 'Only the fields given change.',
    scope: ApiScope.MeetingsWrite,
    params: MeetingPathSchema,
    body: UpdateMeetingBodySchema,
    responses: { 200: { description: 'The meeting as it is now', schema: MeetingSchema } },
    async handle(c, { params, body }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      return c.json(toMeeting(await updateMeeting(deps, meeting.id, body)));
    },
  }),
  operation({
    method: 'delete',
    path: '/meetings/{meetingId}',
    operationId: 'deleteMeeting',
    tag,
    summary: 'Delete a meeting',
    description: 'With its invitations and recordings.',
    scope: ApiScope.MeetingsWrite,
    params: MeetingPathSchema,
    responses: { 204: { description: 'Deleted' } },
    async handle(c, { params }) {
      const meeting = await meetingForKey(deps, c, params.meetingId);
      await deleteMeeting(deps, meeting.id);
      return c.body(null, 204);
    },
  }),
];
