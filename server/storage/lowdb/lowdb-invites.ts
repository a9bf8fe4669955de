import type { InviteRecord, StoreData } from '../records.ts';
import type { InviteRepository } from '../repositories.ts';
import { indexBy, own } from './list-index.ts';
import type { LowDocument } from './lowdb-document.ts';

const byId = indexBy((i: InviteRecord) => i.id);

export function lowdbInvites(doc: LowDocument): InviteRepository {
  /** Replaces one invitation with `change(it)` in one write; the new record, or null when there is none. */
  const change = (pick: (d: Readonly<StoreData>) => InviteRecord | undefined, fn: (i: InviteRecord) => InviteRecord) =>
    doc.write((d) => {
      const invite = pick(d);
      if (!invite) return { result: null };
      const next = fn(invite);
      if (next === invite) return { result: own(invite) };
      return { next: { ...d, invites: d.invites.map((i) => (i === invite ? next : i)) }, result: own(next) };
    });
  const inMeeting = (meetingId: string, inviteId: string) => (d: Readonly<StoreData>) => {
    const invite = byId(d.invites).get(inviteId);
    return invite?.meetingId === meetingId ? invite : undefined;
  };

  return {
    create: (invite) => doc.write((d) => ({ next: { ...d, invites: [...d.invites, own(invite)] }, result: undefined })),
    byId: async (meetingId, inviteId) => {
      const invite = inMeeting(meetingId, inviteId)(doc.current());
      return invite ? own(invite) : null;
    },
    listForMeeting: async (meetingId) =>
      doc
        .current()
        .invites.filter((i) => i.meetingId === meetingId)
        .map(own),
    recordDelivery: (inviteId, outcome) =>
      change(
        (d) => byId(d.invites).get(inviteId),
        (i) => ({
          ...i,
          state: i.state === 'joined' || i.state === 'revoked' ? i.state : outcome.state,
          error: outcome.error,
        }),
      ),
    markJoined: async (inviteId) => {
      await change(
        (d) => byId(d.invites).get(inviteId),
        (i) => (i.state === 'revoked' || i.state === 'joined' ? i : { ...i, state: 'joined' }),
      );
    },
    bindDevice: async (inviteId, deviceId) => {
      const bound = await change(
        (d) => byId(d.invites).get(inviteId),
        (i) => (i.boundDevice ? i : { ...i, boundDevice: deviceId }),
      );
      return bound?.boundDevice === deviceId;
    },
    revoke: async (meetingId, inviteId) =>
      (await change(inMeeting(meetingId, inviteId), (i) => (i.state === 'revoked' ? i : { ...i, state: 'revoked' }))) !== null,
  };
}
