import { createMiddleware } from 'hono/factory';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat';
import type { Participant } from '../../shared/api/participants';
import type { AppDeps } from '../app-deps';
import { forbidden } from '../lib/api-error';
import type { RoomAccessEnv } from './room-access';

export type ParticipantEnv = RoomAccessEnv & { Variables: { participant: Participant } };

/**
 * After `requireRoomAccess`: the caller must also be a participant of this room,
 * proven by the id and token they got from the join.
 */
export const requireParticipant = ({ hub }: Pick<AppDeps, 'hub'>) =>
  createMiddleware<ParticipantEnv>(async (c, next) => {
    const id = c.req.header(PARTICIPANT_ID_HEADER) ?? '';
    const token = c.req.header(PARTICIPANT_TOKEN_HEADER) ?? '';
    const participant = id && token ? hub.authenticate(c.get('meeting').id, id, token) : null;
    if (!participant) throw forbidden('join the call first');
    c.set('participant', participant);
    await next();
  });
