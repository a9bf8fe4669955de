import type { ApiKeyRecord } from '../records.ts';
import type { ApiKeyRepository } from '../repositories.ts';
import { indexBy, own, replaceWhere } from './list-index.ts';
import type { LowDocument } from './lowdb-document.ts';

const byHash = indexBy((k: ApiKeyRecord) => k.keyHash);

export function lowdbApiKeys(doc: LowDocument): ApiKeyRepository {
  /** Replaces the keys `pick` chooses with `change(key)` in one write; whether any changed. */
  const changeWhere = (pick: (k: ApiKeyRecord) => boolean, change: (k: ApiKeyRecord) => ApiKeyRecord) =>
    doc.write((d) => {
      const apiKeys = replaceWhere(d.apiKeys, pick, change);
      return apiKeys === d.apiKeys ? { result: false } : { next: { ...d, apiKeys }, result: true };
    });
  return {
    create: (key) => doc.write((d) => ({ next: { ...d, apiKeys: [...d.apiKeys, own(key)] }, result: undefined })),
    byHash: async (keyHash) => {
      const key = byHash(doc.current().apiKeys).get(keyHash);
      return key ? own(key) : null;
    },
    listFor: async (userId) =>
      doc
        .current()
        .apiKeys.filter((k) => k.userId === userId)
        .map(own),
    markUsed: async (id, at) => {
      await changeWhere(
        (k) => k.id === id,
        (k) => ({ ...k, lastUsedAt: at }),
      );
    },
    revoke: (id, userId, at) =>
      changeWhere(
        (k) => k.id === id && k.userId === userId && k.revokedAt === null,
        (k) => ({ ...k, revokedAt: at }),
      ),
  };
}
