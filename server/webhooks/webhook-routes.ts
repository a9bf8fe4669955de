import { Hono } from 'hono';
import { WebhookPathSchema } from '../../shared/api/v1.ts';
import { CreateWebhookBodySchema } from '../../shared/api/webhooks.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireUser, type AuthEnv } from '../auth/current-user.ts';
import { validate } from '../lib/validate.ts';

const byId = validate('param', WebhookPathSchema);

/**
 * `/api/auth/webhooks`: the signed-in user's webhook endpoints, for the account page (a session,
 * never a key; the public API has the same under `/api/v1/webhooks`). The signing secret is in the
 * answer to the registration, and never again.
 */
export const accountWebhooksRouter = ({ webhooks }: Pick<AppDeps, 'webhooks'>) =>
  new Hono<AuthEnv>()
    // Signed out is a 401 before anything in the request is looked at.
    .use(async (c, next) => {
      requireUser(c);
      await next();
    })
    .get('/', async (c) => c.json({ endpoints: await webhooks.list(requireUser(c).id) }))
    .post('/', validate('json', CreateWebhookBodySchema), async (c) =>
      c.json(await webhooks.register(requireUser(c).id, c.req.valid('json')), 201),
    )
    .delete('/:webhookId', byId, async (c) => {
      await webhooks.remove(requireUser(c).id, c.req.valid('param').webhookId);
      return c.body(null, 204);
    })
    .get('/:webhookId/deliveries', byId, async (c) =>
      c.json({ deliveries: await webhooks.deliveries(requireUser(c).id, c.req.valid('param').webhookId) }),
    )
    .post('/:webhookId/test', byId, async (c) =>
      c.json({ delivery: await webhooks.sendTest(requireUser(c).id, c.req.valid('param').webhookId) }, 202),
    );
