import * as v from 'valibot';

/**
 * Embedding (issue 24): other sites show a meeting in an iframe with `/embed.js`. A meeting's page
 * may be framed only by the origins its owner's account lists; everyone else stays refused
 * (`frame-ancestors 'none'`).
 */
export const EMBED_ORIGINS_MAX = 10;

/** `https://crm.example.com` or `http://localhost:8080`: a scheme, a host and a port if any, nothing else. */
export const EmbedOriginSchema = v.pipe(
  v.string('an origin must be text'),
  v.trim(),
  v.maxLength(200, 'an origin must be at most 200 characters'),
  v.check(
    (raw) => URL.canParse(raw) && /^https?:$/.test(new URL(raw).protocol) && new URL(raw).origin === raw,
    'an origin is a scheme, a host and a port if any, like https://crm.example.com (no path, no trailing slash)',
  ),
);

export const EmbeddingSchema = v.object({ origins: v.array(v.string()) });
export type Embedding = v.InferOutput<typeof EmbeddingSchema>;

export const SetEmbeddingBodySchema = v.strictObject({
  origins: v.pipe(
    v.array(EmbedOriginSchema, 'origins must be a list'),
    v.maxLength(EMBED_ORIGINS_MAX, `at most ${EMBED_ORIGINS_MAX} origins`),
    v.check((list) => new Set(list).size === list.length, 'origins must not repeat'),
  ),
});

/** What `/embed.js` gives the iframe: the features a call needs. */
export const EMBED_IFRAME_ALLOW = 'camera; microphone; display-capture; autoplay; fullscreen; clipboard-write';
