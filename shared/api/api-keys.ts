import * as v from 'valibot';

/**
 * API keys (issue 24): a user (or an operator, for the whole server) makes named keys for the
 * public API under `/api/v1`, each with the scopes it may use. The key itself is shown once, when
 * it is made, and stored only as its SHA-256 hash; requests carry it as `Authorization: Bearer`.
 */
export const ApiScope = {
  MeetingsRead: 'meetings:read',
  MeetingsWrite: 'meetings:write',
  InvitesWrite: 'invites:write',
  RecordingsRead: 'recordings:read',
  WebhooksWrite: 'webhooks:write',
} as const;
export type ApiScope = (typeof ApiScope)[keyof typeof ApiScope];
export const API_SCOPES = Object.values(ApiScope) as [ApiScope, ...ApiScope[]];

/** Every key starts with this, so a key found in a log or a repository is recognised as ours. */
export const API_KEY_PREFIX = 'mrk_';
export const API_KEY_NAME_MAX = 80;
/** Keys one account (or the server) may hold at once, revoked ones not counted. */
export const API_KEYS_MAX = 50;

export const ApiScopeSchema = v.picklist(API_SCOPES, `a scope is one of ${API_SCOPES.join(', ')}`);

export const CreateApiKeyBodySchema = v.strictObject({
  name: v.pipe(
    v.string('name must be text'),
    v.trim(),
    v.minLength(1, 'name must not be empty'),
    v.maxLength(API_KEY_NAME_MAX, `name must be at most ${API_KEY_NAME_MAX} characters`),
  ),
  scopes: v.pipe(
    v.array(ApiScopeSchema, 'scopes must be a list'),
    v.minLength(1, 'a key needs at least one scope'),
    v.check((list) => new Set(list).size === list.length, 'scopes must not repeat'),
  ),
});
export type CreateApiKeyBody = v.InferOutput<typeof CreateApiKeyBodySchema>;

export const ApiKeySchema = v.object({
  id: v.string(),
  name: v.string(),
  /** The key's first characters, to recognise it (the rest is never shown again). */
  prefix: v.string(),
  scopes: v.array(ApiScopeSchema),
  createdAt: v.string(),
  /** When a request last came with it (to the minute); null: never. */
  lastUsedAt: v.nullable(v.string()),
  revokedAt: v.nullable(v.string()),
});
export type ApiKey = v.InferOutput<typeof ApiKeySchema>;

export const ApiKeyListSchema = v.object({ keys: v.array(ApiKeySchema) });

/** The answer to making a key: the key itself, this once. */
export const CreatedApiKeySchema = v.object({ apiKey: ApiKeySchema, key: v.string() });
export type CreatedApiKey = v.InferOutput<typeof CreatedApiKeySchema>;
