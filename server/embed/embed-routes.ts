import { Hono } from 'hono';
import { SetEmbeddingBodySchema } from '../../shared/api/embedding.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireUser, type AuthEnv } from '../auth/current-user.ts';
import { notFound } from '../lib/api-error.ts';
import { validate } from '../lib/validate.ts';
import { EMBED_SCRIPT } from './embed-script.ts';

/** `/api/auth/embedding`: the signed-in user's list of origins that may embed their meetings. */
export const embeddingRouter = ({ storage }: Pick<AppDeps, 'storage'>) =>
  new Hono<AuthEnv>()
    .get('/', (c) => c.json({ origins: requireUser(c).embedOrigins ?? [] }))
    .put('/', validate('json', SetEmbeddingBodySchema), async (c) => {
      const user = await storage.users.setEmbedOrigins(requireUser(c).id, c.req.valid('json').origins);
      if (!user) throw notFound('account');
      return c.json({ origins: user.embedOrigins ?? [] });
    });

/** `GET /embed.js` for other sites' pages (cross-origin script, cached for an hour). */
export const embedScript = () =>
  new Response(EMBED_SCRIPT, {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      'cross-origin-resource-policy': 'cross-origin',
    },
  });
