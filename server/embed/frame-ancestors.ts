import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { IdSchema } from '../../shared/api/meetings.ts';
import { pageCsp } from '../lib/security-headers.ts';
import type { Storage } from '../storage/repositories.ts';

const MEETING_PAGE = /^\/m\/([^/]+)$/;

/**
 * A meeting's page (`/m/<id>`) may be framed by the origins its owner's account lists (embedding,
 * `/embed.js`); every other page, and every meeting of an account that lists none, keeps
 * `frame-ancestors 'none'` (lib/security-headers.ts).
 */
export const embedFrameAncestors = ({ storage }: { storage: Pick<Storage, 'meetings' | 'users'> }) =>
  createMiddleware(async (c, next) => {
    await next();
    const match = MEETING_PAGE.exec(c.req.path);
    if (!match || !/^text\/html\b/i.test(c.res.headers.get('content-type') ?? '')) return;
    const id = match[1]!;
    if (!v.is(IdSchema, id)) return;
    const meeting = await storage.meetings.byId(id);
    const owner = meeting ? await storage.users.byId(meeting.ownerId) : null;
    const origins = owner?.embedOrigins ?? [];
    if (origins.length) c.res.headers.set('content-security-policy', pageCsp(origins));
  });
