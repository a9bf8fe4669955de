import { Hono } from 'hono';
import * as v from 'valibot';
import { JoinBodySchema, ParticipantRole, type JoinResponse } from '../../shared/api/participants.ts';
import { LeaveReason } from '../../shared/room-events.ts';
import { requireHostOrParticipant } from '../access/participant-auth.ts';
import { claimJoinLink, fixedNameOf, requireRoomAccess, type RoomAccessEnv } from '../access/room-access.ts';
import type { AppDeps } from '../app-deps.ts';
import { describeDevice, hintsFromHeaders } from '../bot/describe-device.ts';
import { entrantOf } from '../host-controls/host-routes.ts';
import { forbidden, notFound } from '../lib/api-error.ts';
import { validate } from '../lib/validate.ts';
import { clientIp } from '../lib/rate-limit.ts';
import { meetingVisit, rtcFor } from '../rooms/meeting-visit.ts';
import { meetingIdParam } from './params.ts';
import { logFor } from '../lib/log.ts';

const log = logFor('rooms');

const LeaveBodySchema = v.strictObject({
  participantId: v.pipe(v.string(), v.maxLength(64)),
  token: v.pipe(v.string(), v.maxLength(1024)),
});

/** Entering and leaving a meeting's room. Media and live events go elsewhere (PeerServer, room channel). */
export function roomsRouter(deps: AppDeps) {
  const { storage, hub, config, bot, hostControls } = deps;
  const access = requireRoomAccess(deps);
  return (
    new Hono<RoomAccessEnv>()
      .post('/:id/join', access, validate('json', JoinBodySchema), async (c) => {
        const meeting = c.get('meeting');
        const grant = c.get('grant');
        const body = c.req.valid('json');
        // Ended, locked, removed, or waiting room: a guest may be refused here (host-controls/).
        const entrant = entrantOf(c);
        await hostControls.checkJoin(meeting, entrant, body.rejoin);
        // Someone new entering (not a reload with a rejoin ticket) is counted: each one is a note for the host.
        const rejoining = body.rejoin && hub.authenticate(meeting.id, body.rejoin.participantId, body.rejoin.token);
        // ROOM_MAX: someone already in (a reload) always gets back; nobody new enters a full room.
        if (!rejoining) deps.capacity.refuseIfFull(meeting);
        await claimJoinLink(storage.invites, grant, entrant.deviceId, { now: deps.clock(), rejoining: Boolean(rejoining) });
        if (!rejoining && grant.kind !== 'host') {
          await deps.limits.take('joinsPerDevice', `${meeting.id}:${entrant.deviceId ?? clientIp(c, config.trustProxy)}`);
          await deps.limits.take('joinsPerMeeting', meeting.id);
        }
        // The place this page's pre-join page held (its sockets are open): the participant takes its id.
        const reserved =
          body.reservation && !rejoining
            ? deps.reservations.take(meeting.id, body.reservation.participantId, body.reservation.token, entrant.grantKey)
            : null;
        const result = hub.join(meeting.id, {
          id: reserved?.participantId,
          name: fixedNameOf(grant) ?? body.name,
          role: grant.kind === 'host' ? ParticipantRole.Host : ParticipantRole.Guest,
          audioMuted: body.audioMuted,
          videoMuted: body.videoMuted,
          rejoin: body.rejoin,
          grant: entrant.grantKey,
          deviceId: entrant.deviceId,
        });
        await hostControls.entered(meeting, result.participant.id, entrant);
        // Its held room channel enters the room now: the welcome goes out beside this answer.
        reserved?.channel?.promote();
        if (!result.rejoined && grant.kind !== 'host') {
          const device = describeDevice(c.req.header('user-agent') ?? '', { ...hintsFromHeaders(c.req.raw.headers), ...body.clientHints });
          // The host's note is written after the answer: a long chat history does not slow anyone's join.
          void bot
            .guestJoined(meeting.id, result.participant.name, device)
            .catch((error) => log.warn({ err: error }, 'the join note failed'));
        }
        if (grant.kind === 'invite' && grant.invite.state !== 'joined') {
          await storage.invites.markJoined(grant.invite.id);
        }
        const response: JoinResponse = { ...result, rtc: rtcFor(deps, meeting.id, result.participant.id) };
        return c.json(response, result.rejoined ? 200 : 201);
      })
      // A meeting page opening: its info and, when it could walk straight in now, a place held for it
      // (rooms/meeting-visit.ts). A page whose HTML carried the answer does not ask (visit-in-page.ts).
      .post('/:id/visit', access, async (c) => c.json(await meetingVisit(c, deps)))
      .post('/:id/leave', meetingIdParam, validate('json', LeaveBodySchema), async (c) => {
        const meetingId = c.get('meetingId');
        const { participantId, token } = c.req.valid('json');
        if (!(await storage.meetings.byId(meetingId))) throw notFound('meeting');
        if (!hub.authenticate(meetingId, participantId, token)) throw forbidden('not a participant of this room');
        hub.leave(meetingId, participantId, LeaveReason.Left);
        return c.body(null, 204);
      })
      // Who is in the call, with their participant ids: for the host and the participants only.
      .get('/:id/participants', access, requireHostOrParticipant(deps), (c) => {
        const meetingId = c.get('meeting').id;
        return c.json({ meetingId, participants: hub.participants(meetingId) });
      })
  );
}
