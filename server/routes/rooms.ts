import { Hono } from 'hono';
import * as v from 'valibot';
import { JoinBodySchema, ParticipantRole, type JoinResponse } from '../../shared/api/participants';
import { LeaveReason } from '../../shared/room-events';
import { forbidden, notFound } from '../lib/api-error';
import { validate } from '../lib/validate';
import type { AppDeps } from '../app-deps';
import { meetingIdParam } from './params';

const LeaveBodySchema = v.strictObject({
  participantId: v.pipe(v.string(), v.maxLength(64)),
  token: v.pipe(v.string(), v.maxLength(128)),
});

/** Entering and leaving a meeting's room. Media and live events go elsewhere (PeerServer, room channel). */
export function roomsRouter({ store, hub, config }: AppDeps) {
  const requireMeeting = (id: string) => {
    const meeting = store.read((d) => d.meetings.find((m) => m.id === id));
    if (!meeting) throw notFound('meeting');
    return meeting;
  };

  return new Hono()
    .post('/:id/join', meetingIdParam, validate('json', JoinBodySchema), (c) => {
      const meetingId = c.get('meetingId');
      requireMeeting(meetingId);
      const body = c.req.valid('json');
      const result = hub.join(meetingId, {
        name: body.name,
        role: ParticipantRole.Guest,
        audioMuted: body.audioMuted,
        videoMuted: body.videoMuted,
        rejoin: body.rejoin,
      });
      const response: JoinResponse = {
        ...result,
        rtc: { iceServers: config.iceServers, peerPath: '/peerjs', peerKey: config.peerKey },
      };
      return c.json(response, result.rejoined ? 200 : 201);
    })
    .post('/:id/leave', meetingIdParam, validate('json', LeaveBodySchema), (c) => {
      const meetingId = c.get('meetingId');
      const { participantId, token } = c.req.valid('json');
      if (!hub.authenticate(meetingId, participantId, token)) throw forbidden('not a participant of this room');
      hub.leave(meetingId, participantId, LeaveReason.Left);
      return c.body(null, 204);
    })
    .get('/:id/participants', meetingIdParam, (c) => {
      const meetingId = c.get('meetingId');
      requireMeeting(meetingId);
      return c.json({ meetingId, participants: hub.participants(meetingId) });
    });
}
