import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { timingSafeEqualText } from '../lib/timing-safe.ts';
import { metricsText } from './metrics-text.ts';
import { socketAddress } from '../http/forwarded.ts';
import { storageHealth } from './storage-health.ts';

/**
 * `GET /api/health`: up, and whether the storage takes writes (503 when it does not). For load
 * balancers and operators. A node being drained answers 503 `draining` (the proxy takes it out).
 */
export function healthRouter(deps: Pick<AppDeps, 'config' | 'storage' | 'writes' | 'drain'>) {
  return new Hono().get('/', async (c) => {
    // Who checks: the proxy's address and which of its backends (deploy/haproxy.cfg names each).
    const checker = `${socketAddress(c)} ${c.req.header('x-health-check') ?? ''}`;
    deps.drain.checked(checker);
    if (deps.drain.draining) return c.json({ ok: false, draining: true }, 503);
    const storage = await storageHealth(deps.config, deps.storage, deps.writes);
    return c.json({ ok: storage.writable, storage }, storage.writable ? 200 : 503);
  });
}

/**
 * `GET /metrics` in Prometheus' text format, for the bearer of `METRICS_TOKEN`: 404 when no
 * token is configured (nothing to find), 401 without the right one. Counts only, never names.
 */
export function metricsRouter(deps: Pick<AppDeps, 'config' | 'writes' | 'census' | 'sfu' | 'mediaModes' | 'loopDelay' | 'dialIn'>) {
  return new Hono().get('/', (c) => {
    const expected = deps.config.metricsToken;
    if (!expected) return c.text('Not found\n', 404);
    const given = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqualText(given, expected)) {
      c.header('www-authenticate', 'Bearer realm="metrics"');
      return c.text('A bearer token (METRICS_TOKEN) is needed\n', 401);
    }
    const body = metricsText({
      census: deps.census.sizes(),
      sfu: {
        enabled: deps.config.sfu.mode !== 'off',
        up: deps.sfu.running(),
        restarts: deps.sfu.restarts(),
        meetings: deps.mediaModes.onSfu().length,
      },
      writes: deps.writes,
      dialInDelay: deps.dialIn.roomToCallerDelay,
      dialInAudioDropped: deps.dialIn.audioDropped(),
      loopDelay: deps.loopDelay?.read() ?? null,
      memory: process.memoryUsage(),
      uptimeSeconds: process.uptime(),
    });
    return c.body(body, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
  });
}
