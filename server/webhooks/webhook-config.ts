import { ConfigError } from '../config-error.ts';

/** How webhooks are delivered (docs/operator-guide.md lists the variables). */
export interface WebhookSettings {
  /** WEBHOOKS_ALLOW_PRIVATE=true: endpoints may be on loopback, private or link-local addresses (off: refused, SSRF). */
  allowPrivate: boolean;
  /** The first retry's wait; each further one waits twice as long, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A delivery is retried until this long after its event, then marked failed. */
  giveUpAfterMs: number;
  /** How long a receiver has to answer one attempt. */
  timeoutMs: number;
  /** How often the queue is looked at for retries that came due (new events are sent at once). */
  pollMs: number;
}

export const WEBHOOK_DEFAULTS: WebhookSettings = {
  allowPrivate: false,
  retryBaseMs: 10_000,
  retryMaxMs: 60 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
  timeoutMs: 10_000,
  pollMs: 1_000,
};

export function parseWebhookSettings(env: NodeJS.ProcessEnv): WebhookSettings {
  const raw = env.WEBHOOKS_ALLOW_PRIVATE?.trim().toLowerCase();
  if (raw !== undefined && raw !== '' && raw !== 'true' && raw !== 'false') {
    throw new ConfigError('WEBHOOKS_ALLOW_PRIVATE must be true or false');
  }
  return { ...WEBHOOK_DEFAULTS, allowPrivate: raw === 'true' };
}
