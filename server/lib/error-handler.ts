import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ErrorCode } from '../../shared/api/errors.ts';
import { ApiError } from './api-error.ts';
import { logFor } from './log.ts';

const log = logFor('http');

/**
 * Turns anything thrown in a request into `{ error: { code, message } }`.
 * Known errors keep their 4xx; anything else is logged and answered as a bare 500,
 * never with a stack trace.
 */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    if ('retryAfterSeconds' in error) c.header('Retry-After', String(error.retryAfterSeconds));
    return c.json(error.toBody(), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code =
      status === 413
        ? ErrorCode.PayloadTooLarge
        : status === 401
          ? ErrorCode.Unauthorized
          : status === 403
            ? ErrorCode.Forbidden
            : status === 404
              ? ErrorCode.NotFound
              : status === 415
                ? ErrorCode.UnsupportedMediaType
                : status === 429
                  ? ErrorCode.RateLimited
                  : status < 500
                    ? ErrorCode.BadRequest
                    : ErrorCode.Internal;
    const message = status < 500 ? error.message || 'bad request' : 'internal error';
    return c.json({ error: { code, message } }, status);
  }
  log.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed');
  return c.json({ error: { code: ErrorCode.Internal, message: 'internal error' } }, 500);
}

export function handleNotFound(c: Context): Response {
  return c.json({ error: { code: ErrorCode.NotFound, message: `no route for ${c.req.method} ${c.req.path}` } }, 404);
}
