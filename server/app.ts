import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ErrorCode } from '../shared/api/errors.ts';
import type { AppDeps } from './app-deps.ts';
import { ApiError } from './lib/api-error.ts';
import { handleError, handleNotFound } from './lib/error-handler.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { compressJson } from './http/compress-json.ts';
import { sameOriginOnly } from './http/same-origin.ts';
import { adminRouter } from './admin/admin-routes.ts';
import { loadUser } from './auth/current-user.ts';
import { accountApiKeysRouter, serverApiKeysRouter } from './api-keys/api-key-routes.ts';
import { v1Router } from './api-v1/v1-router.ts';
import { authRouter } from './routes/auth.ts';
import { chatRouter } from './routes/chat.ts';
import { dialInRouter } from './dialin/dial-in-routes.ts';
import { twilioVoiceRouter } from './dialin/twilio/voice-webhooks.ts';
import { hostControlsRouter } from './host-controls/host-routes.ts';
import { invitesRouter } from './routes/invites.ts';
import { meetingsRouter } from './routes/meetings.ts';
import { myRecordingsRouter, recordingsRouter } from './recording/recording-routes.ts';
import { roomsRouter } from './routes/rooms.ts';
import { rtcRouter } from './turn/rtc-routes.ts';
import { mountPwa } from './static-pwa.ts';
import { visitForPage } from './rooms/visit-in-page.ts';
import { embeddingRouter, embedScript } from './embed/embed-routes.ts';
import { embedFrameAncestors } from './embed/frame-ancestors.ts';
import { accountWebhooksRouter } from './webhooks/webhook-routes.ts';
import { healthRouter, metricsRouter } from './health/health-routes.ts';

export const JSON_BODY_LIMIT = 64 * 1024;
const STREAMED_BODY = /^\/api\/meetings\/[^/]+\/(files|recordings\/[^/]+\/chunks\/[^/]+)$/;
const jsonBodyLimit = bodyLimit({
  maxSize: JSON_BODY_LIMIT,
  onError: () => {
    throw new ApiError(ErrorCode.PayloadTooLarge, `request body is larger than ${JSON_BODY_LIMIT} bytes`);
  },
});

/** Builds the HTTP app from its dependencies; no listening socket (tests call `app.request()`). */
export function createApp(deps: AppDeps) {
  const api = new Hono()
    .use(compressJson())
    .use(sameOriginOnly(deps.config))
    .use(async (c, next) => {
      // Uploads stream to disk with their own limit; every other body is small JSON.
      if (STREAMED_BODY.test(c.req.path)) return next();
      return jsonBodyLimit(c, next);
    })
    .use(loadUser(deps))
    .route('/health', healthRouter(deps))
    .route('/v1', v1Router(deps))
    .route('/auth/api-keys', accountApiKeysRouter(deps))
    .route('/auth/webhooks', accountWebhooksRouter(deps))
    .route('/auth/embedding', embeddingRouter(deps))
    .route('/auth', authRouter(deps))
    .route('/meetings', meetingsRouter(deps))
    .route('/meetings', invitesRouter(deps))
    .route('/meetings', roomsRouter(deps))
    .route('/meetings', rtcRouter(deps))
    .route('/meetings', chatRouter(deps))
    .route('/meetings', dialInRouter(deps))
    .route('/meetings', recordingsRouter(deps))
    .route('/meetings', hostControlsRouter(deps))
    .route('/recordings', myRecordingsRouter(deps))
    .route('/dial-in/twilio', twilioVoiceRouter(deps))
    .route('/admin/api-keys', serverApiKeysRouter(deps))
    .route('/admin', adminRouter(deps));

  const app = new Hono();
  app.use(securityHeaders({ trustProxy: deps.config.trustProxy }));
  app.use(embedFrameAncestors(deps));
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.route('/api', api);
  app.route('/metrics', metricsRouter(deps));
  app.all('/api/*', handleNotFound);
  app.get('/embed.js', () => embedScript());
  if (deps.config.pwaDir) mountPwa(app, deps.config.pwaDir, { meetingPage: visitForPage(deps) });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
