import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { ErrorCode } from '../../../shared/api/errors.ts';
import { ApiError, forbidden } from '../../lib/api-error.ts';
import { describeIssues } from '../../lib/validate.ts';
import { isValidTwilioSignature } from './signature.ts';
import { publicOrigin, type TrustProxy } from '../../http/forwarded.ts';

/** The POST parameters of Twilio's voice webhooks that we read (it sends many more). */
export const VoiceWebhookParamsSchema = v.object({
  CallSid: v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{1,64}$/, 'CallSid must be a call id')),
  From: v.optional(v.pipe(v.string(), v.maxLength(64))),
  Digits: v.optional(v.pipe(v.string(), v.maxLength(32))),
});
export type VoiceWebhookParams = v.InferOutput<typeof VoiceWebhookParamsSchema>;

export interface TwilioWebhookOptions {
  authToken: string;
  /** Public origin Twilio calls us at (behind a proxy the request's own URL differs). */
  publicUrl: string | null;
  trustProxy: TrustProxy;
}

/** The origin Twilio used to reach us: PUBLIC_URL, else X-Forwarded-* from a trusted proxy, else the request's. */
export { publicOrigin } from '../../http/forwarded.ts';

/**
 * Checks `X-Twilio-Signature` over the public URL and the form parameters, then
 * validates the parameters. Unsigned or badly signed: 403; not form-encoded: 415;
 * parameters we need missing or malformed: 400.
 */
export const verifyTwilioWebhook = (options: TwilioWebhookOptions) =>
  createMiddleware<{ Variables: { twilio: VoiceWebhookParams } }>(async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new ApiError(ErrorCode.UnsupportedMediaType, 'Twilio webhooks are application/x-www-form-urlencoded');
    }
    const pairs = [...new URLSearchParams(await c.req.text())];
    const own = new URL(c.req.url);
    const url = `${publicOrigin(c, options)}${own.pathname}${own.search}`;
    if (!isValidTwilioSignature(options.authToken, url, pairs, c.req.header('x-twilio-signature'))) {
      throw forbidden('missing or wrong X-Twilio-Signature');
    }
    const result = v.safeParse(VoiceWebhookParamsSchema, Object.fromEntries(pairs));
    if (!result.success) throw new ApiError(ErrorCode.ValidationFailed, describeIssues('body', result.issues));
    c.set('twilio', result.output);
    await next();
  });
