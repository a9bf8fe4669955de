import { Hono, type Context } from 'hono';
import { CreateApiKeyBodySchema } from '../../shared/api/api-keys.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireOperator } from '../admin/require-operator.ts';
import { requireUser, type AuthEnv } from '../auth/current-user.ts';
import { notFound } from '../lib/api-error.ts';
import { validate } from '../lib/validate.ts';

/**
 * Create, list and revoke API keys: `/api/auth/api-keys` for the signed-in user's own keys
 * (`owner` gives their id), `/api/admin/api-keys` for the operators' keys for the whole server
 * (`owner` gives null). The key is in the answer to its creation, and never again.
 */
function keysRouter(deps: Pick<AppDeps, 'apiKeys'>, owner: (c: Context<AuthEnv>) => string | null) {
  return new Hono<AuthEnv>()
    .get('/', async (c) => c.json({ keys: await deps.apiKeys.list(owner(c)) }))
    .post('/', validate('json', CreateApiKeyBodySchema), async (c) => c.json(await deps.apiKeys.create(owner(c), c.req.valid('json')), 201))
    .delete('/:keyId', async (c) => {
      if (!(await deps.apiKeys.revoke(owner(c), c.req.param('keyId')))) throw notFound('API key');
      return c.body(null, 204);
    });
}

/** The signed-in user's keys (a session, never a key: keys cannot make keys). */
export const accountApiKeysRouter = (deps: Pick<AppDeps, 'apiKeys'>) => keysRouter(deps, (c) => requireUser(c).id);

/** The server's keys, for operators (ADMIN_EMAILS) only. */
export const serverApiKeysRouter = (deps: Pick<AppDeps, 'apiKeys' | 'config'>) =>
  new Hono<AuthEnv>().use(requireOperator(deps.config)).route(
    '/',
    keysRouter(deps, () => null),
  );
