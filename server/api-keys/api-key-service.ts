import { API_KEY_PREFIX, API_KEYS_MAX, type ApiKey, type CreateApiKeyBody, type CreatedApiKey } from '../../shared/api/api-keys.ts';
import { ErrorCode } from '../../shared/api/errors.ts';
import { hashToken } from '../auth/sessions.ts';
import { ApiError, unauthorized } from '../lib/api-error.ts';
import { newId, newSecret } from '../lib/ids.ts';
import type { ApiKeyRecord, UserRecord } from '../storage/records.ts';
import type { Storage } from '../storage/repositories.ts';

/** How often a key's `lastUsedAt` is written: at most once a minute per key (reads stay reads). */
export const LAST_USED_RESOLUTION_MS = 60_000;
/** What of a key is shown again after it was made: enough to tell keys apart. */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

export const toApiKey = ({ keyHash: _hash, userId: _user, ...key }: ApiKeyRecord): ApiKey => key;

/** Who a request with a key acts as: the key, and its account (null: an operator's key for the whole server). */
export interface KeyHolder {
  key: ApiKeyRecord;
  user: UserRecord | null;
}

/** Making, listing, revoking and checking API keys; `owner` is an account id, or null for the server's keys. */
export function createApiKeyService({ storage, clock }: { storage: Pick<Storage, 'apiKeys' | 'users'>; clock: () => Date }) {
  return {
    async create(owner: string | null, body: CreateApiKeyBody): Promise<CreatedApiKey> {
      const live = (await storage.apiKeys.listFor(owner)).filter((k) => k.revokedAt === null);
      if (live.length >= API_KEYS_MAX) {
        throw new ApiError(ErrorCode.Conflict, `at most ${API_KEYS_MAX} keys may be in use at once; revoke one first`);
      }
      const key = `${API_KEY_PREFIX}${newSecret()}`;
      const record: ApiKeyRecord = {
        id: newId(),
        userId: owner,
        name: body.name,
        prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
        keyHash: hashToken(key),
        scopes: body.scopes,
        createdAt: clock().toISOString(),
        lastUsedAt: null,
        revokedAt: null,
      };
      await storage.apiKeys.create(record);
      return { apiKey: toApiKey(record), key };
    },

    /** Newest first. */
    list: async (owner: string | null): Promise<ApiKey[]> => (await storage.apiKeys.listFor(owner)).reverse().map(toApiKey),

    revoke: (owner: string | null, id: string) => storage.apiKeys.revoke(id, owner, clock().toISOString()),

    /** The holder of a presented key; 401 for an unknown or revoked key, or one whose account is gone. */
    async authenticate(presented: string): Promise<KeyHolder> {
      if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 128) throw unauthorized('this is not an API key');
      const key = await storage.apiKeys.byHash(hashToken(presented));
      if (!key) throw unauthorized('unknown API key');
      if (key.revokedAt !== null) throw unauthorized('this API key was revoked');
      const user = key.userId === null ? null : await storage.users.byId(key.userId);
      if (key.userId !== null && !user) throw unauthorized('the account of this API key is gone');
      const now = clock();
      if (key.lastUsedAt === null || now.getTime() - new Date(key.lastUsedAt).getTime() >= LAST_USED_RESOLUTION_MS) {
        key.lastUsedAt = now.toISOString();
        await storage.apiKeys.markUsed(key.id, key.lastUsedAt);
      }
      return { key, user };
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
