import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { IdSchema } from '../../shared/api/meetings.ts';
import { notFound } from '../lib/api-error.ts';

/** A path id that cannot be one of ours is a 404, before any lookup. */
export const meetingIdParam = createMiddleware<{ Variables: { meetingId: string } }>(async (c, next) => {
  const id = c.req.param('id');
  if (!v.is(IdSchema, id)) throw notFound('meeting');
  c.set('meetingId', id);
  await next();
});
