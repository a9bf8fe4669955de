import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_ID_QUERY, PARTICIPANT_TOKEN_HEADER, PARTICIPANT_TOKEN_QUERY } from '../../shared/api/chat.ts';
import type { Participant } from '../../shared/api/participants.ts';
import type { AppDeps } from '../app-deps.ts';
import { forbidden } from '../lib/api-error.ts';
import type { RoomAccessEnv } from './room-access.ts';

/**
 * After `requireRoomAccess`: reading the room's content (chat history, files) takes more than
 * the link: the host, or a participant of the live call. A guest in the waiting room, declined
 * or removed, sees nothing of it.
 */
export const requireHostOrParticipant = ({ hub }: Pick<AppDeps, 'hub'>) =>
  createMiddleware<RoomAccessEnv>(async (c, next) => {
    if (!isHostOrParticipant(c, hub)) throw forbidden('join the call first');
    await next();
  });

/** After `requireRoomAccess`: the host, or a participant of the live call (id and token from the join). */
export function isHostOrParticipant(c: Context<RoomAccessEnv>, hub: AppDeps['hub']): boolean {
  if (c.get('grant').kind === 'host') return true;
  const id = c.req.header(PARTICIPANT_ID_HEADER) ?? c.req.query(PARTICIPANT_ID_QUERY) ?? '';
  const token = c.req.header(PARTICIPANT_TOKEN_HEADER) ?? c.req.query(PARTICIPANT_TOKEN_QUERY) ?? '';
  return Boolean(id && token && hub.authenticate(c.get('meeting').id, id, token));
}

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
