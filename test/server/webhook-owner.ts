import type { Storage } from '../../server/storage/repositories.ts';

/** Fixture (tests only): the account that owns the webhook endpoints of the webhook tests. */
export const WEBHOOK_OWNER = 'user-1';

/** Stores that account (a user record as sign-up would make it; the password hash is never checked here). */
export async function addWebhookOwner(storage: Storage): Promise<Storage> {
  await storage.users.create({
    id: WEBHOOK_OWNER,
    email: 'ada@example.com',
    name: 'Ada',
    passwordHash: 'scrypt$1$1$1$a$b',
    createdAt: '2026-11-25T10:00:00.000Z',
    features: { backgroundBlur: false, recording: false },
  });
  return storage;
}
