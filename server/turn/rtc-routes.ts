import { Hono } from 'hono';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { RtcQuerySchema } from '../../shared/api/rtc.ts';
import { requireRoomAccess, type RoomAccessEnv } from '../access/room-access.ts';
import type { AppDeps } from '../app-deps.ts';
import { forbidden } from '../lib/api-error.ts';
import { newId } from '../lib/ids.ts';
import { validate } from '../lib/validate.ts';
import { rtcConfigFor } from './rtc-config.ts';

/**
 * `GET /api/meetings/:id/rtc`: ICE servers with fresh TURN credentials, for the pre-join
 * network check (`?checkId=`) and for a participant in a long call (id and token headers),
 * whose page fetches them again before the previous ones expire.
 */
export function rtcRouter(deps: AppDeps) {
  const { hub, config, clock } = deps;
  return new Hono<RoomAccessEnv>().get('/:id/rtc', requireRoomAccess(deps), validate('query', RtcQuerySchema), (c) => {
    const participantId = c.req.header(PARTICIPANT_ID_HEADER);
    let subject: string;
    if (participantId) {
      const participant = hub.authenticate(c.get('meeting').id, participantId, c.req.header(PARTICIPANT_TOKEN_HEADER) ?? '');
      if (!participant) throw forbidden('not a participant of this room');
      subject = participant.id;
    } else {
      subject = c.req.valid('query').checkId ?? `check-${newId(12)}`;
    }
    return c.json(rtcConfigFor(config, subject, clock()));
  });
}
