import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { AuditQuerySchema, ListAccountsQuerySchema, SetFeaturesBodySchema } from '../../shared/api/admin.ts';
import { IdSchema } from '../../shared/api/meetings.ts';
import type { AppDeps } from '../app-deps.ts';
import { requireUser, type AuthEnv } from '../auth/current-user.ts';
import { notFound } from '../lib/api-error.ts';
import { validate } from '../lib/validate.ts';
import { requireOperator } from './require-operator.ts';

/** A path id that cannot be an account's is a 404, before any lookup. */
const accountIdParam = createMiddleware(async (c, next) => {
  if (!v.is(IdSchema, c.req.param('id'))) throw notFound('account');
  await next();
});

/** `/api/admin`: operators list accounts, switch their add-ons and betas, and read the audit log. */
export function adminRouter({ config, accountFeatures }: Pick<AppDeps, 'config' | 'accountFeatures'>) {
  return new Hono<AuthEnv>()
    .use(requireOperator(config))
    .get('/accounts', validate('query', ListAccountsQuerySchema), async (c) => c.json(await accountFeatures.list(c.req.valid('query'))))
    .patch('/accounts/:id/features', accountIdParam, validate('json', SetFeaturesBodySchema), async (c) => {
      const operator = requireUser(c);
      const result = await accountFeatures.set({ id: c.req.param('id') }, c.req.valid('json'), { kind: 'operator', email: operator.email });
      return c.json(result);
    })
    .get('/audit', validate('query', AuditQuerySchema), async (c) => c.json(await accountFeatures.audit(c.req.valid('query'))));
}
