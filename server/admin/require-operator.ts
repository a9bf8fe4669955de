import { createMiddleware } from 'hono/factory';
import type { AuthEnv } from '../auth/current-user.ts';
import { requireUser } from '../auth/current-user.ts';
import type { Config } from '../config.ts';
import { forbidden } from '../lib/api-error.ts';
import { isOperatorEmail } from './admin-config.ts';

/** Operators only: 401 signed out, 403 for any other user (before anything about the request is looked at). */
export const requireOperator = (config: Pick<Config, 'adminEmails'>) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const user = requireUser(c);
    if (!isOperatorEmail(config, user.email)) throw forbidden('only operators may do this (the server lists them in ADMIN_EMAILS)');
    await next();
  });
