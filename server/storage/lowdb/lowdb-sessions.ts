import type { SessionRecord } from '../records.ts';
import type { SessionRepository } from '../repositories.ts';
import { indexBy, own } from './list-index.ts';
import type { LowDocument } from './lowdb-document.ts';

const byHash = indexBy((s: SessionRecord) => s.tokenHash);

export function lowdbSessions(doc: LowDocument): SessionRepository {
  /** Removes the sessions `gone` picks, in one write; how many. */
  const removeWhere = (gone: (s: SessionRecord) => boolean) =>
    doc.write((d) => {
      const kept = d.sessions.filter((s) => !gone(s));
      const removed = d.sessions.length - kept.length;
      return removed ? { next: { ...d, sessions: kept }, result: removed } : { result: 0 };
    });
  return {
    create: (session) => doc.write((d) => ({ next: { ...d, sessions: [...d.sessions, own(session)] }, result: undefined })),
    byTokenHash: async (tokenHash) => {
      const session = byHash(doc.current().sessions).get(tokenHash);
      return session ? own(session) : null;
    },
    listForUser: async (userId) =>
      doc
        .current()
        .sessions.filter((s) => s.userId === userId)
        .map(own),
    delete: async (tokenHash) => {
      if (!byHash(doc.current().sessions).has(tokenHash)) return false;
      return (await removeWhere((s) => s.tokenHash === tokenHash)) > 0;
    },
    deleteForUser: (userId) => removeWhere((s) => s.userId === userId),
    deleteExpired: (now) => removeWhere((s) => new Date(s.expiresAt).getTime() <= now.getTime()),
  };
}
