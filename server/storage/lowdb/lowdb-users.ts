import { FEATURE_NAMES } from '../../../shared/api/auth.ts';
import type { AuditRecord, UserRecord } from '../records.ts';
import type { UserRepository } from '../repositories.ts';
import { indexBy, own } from './list-index.ts';
import type { LowDocument } from './lowdb-document.ts';

const usersById = indexBy((u: UserRecord) => u.id);
const usersByEmail = indexBy((u: UserRecord) => u.email);
const auditById = indexBy((a: AuditRecord) => a.id);

export function lowdbUsers(doc: LowDocument): UserRepository {
  const find = (ref: { id: string } | { email: string }, users: readonly UserRecord[]) =>
    'id' in ref ? usersById(users).get(ref.id) : usersByEmail(users).get(ref.email);
  return {
    create: (user) =>
      doc.write((d) => {
        if (usersByEmail(d.users).has(user.email)) return { result: 'email-taken' as const };
        return { next: { ...d, users: [...d.users, own(user)] }, result: 'created' as const };
      }),
    byId: async (id) => {
      const user = usersById(doc.current().users).get(id);
      return user ? own(user) : null;
    },
    byEmail: async (email) => {
      const user = usersByEmail(doc.current().users).get(email);
      return user ? own(user) : null;
    },
    list: async ({ search, offset, limit }) => {
      const matching = doc
        .current()
        .users.filter((u) => !search || u.email.toLowerCase().includes(search) || u.name.toLowerCase().includes(search))
        .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
      return { users: matching.slice(offset, offset + limit).map(own), total: matching.length };
    },
    setEmbedOrigins: (id, origins) =>
      doc.write((d) => {
        const user = usersById(d.users).get(id);
        if (!user) return { result: null };
        const { embedOrigins: _old, ...rest } = user;
        const next: UserRecord = origins.length ? { ...rest, embedOrigins: [...origins] } : rest;
        return { next: { ...d, users: d.users.map((u) => (u === user ? next : u)) }, result: own(next) };
      }),
    setFeatures: (ref, changes, stamp) =>
      doc.write((d) => {
        const user = find(ref, d.users);
        if (!user) return { result: null };
        const features = { ...user.features };
        const audit: AuditRecord[] = [];
        for (const feature of FEATURE_NAMES) {
          const to = changes[feature];
          if (to === undefined || features[feature] === to) continue;
          const id = stamp.newId();
          if (auditById(d.audit).has(id) || audit.some((a) => a.id === id)) throw new Error(`audit line ${id} exists already`);
          audit.push({
            id,
            at: stamp.at,
            actor: stamp.actor,
            accountId: user.id,
            accountEmail: user.email,
            change: { feature, from: features[feature], to },
          });
          features[feature] = to;
        }
        const updated = { ...user, features };
        const result = { user: own(updated), audit: own(audit) };
        if (!audit.length) return { result };
        return {
          next: { ...d, users: d.users.map((u) => (u === user ? updated : u)), audit: [...d.audit, ...audit] },
          result,
        };
      }),
    auditLog: async ({ offset, limit }) => {
      const all = doc.current().audit;
      const end = Math.max(0, all.length - offset);
      return {
        entries: all
          .slice(Math.max(0, end - limit), end)
          .reverse()
          .map(own),
        total: all.length,
      };
    },
  };
}
