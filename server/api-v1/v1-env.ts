import type { ApiKeyRecord, UserRecord } from '../storage/records.ts';

/** What a `/api/v1` handler knows: the key the request came with, and its account (null: the server's key). */
export type V1Env = { Variables: { apiKey: ApiKeyRecord; keyUser: UserRecord | null } };
