import type { MeetingRecord, StoreData } from '../records.ts';
import { removalMatches } from '../removal-match.ts';
import type { MeetingRepository } from '../repositories.ts';
import { indexBy, own } from './list-index.ts';
import type { LowDocument } from './lowdb-document.ts';

const byId = indexBy((m: MeetingRecord) => m.id);
const byPin = indexBy((m: MeetingRecord) => m.dialInPin);

export function lowdbMeetings(doc: LowDocument): MeetingRepository {
  /** Replaces one meeting with `change(it)` in one write; the new record, or null when there is none. */
  const change = (id: string, fn: (m: MeetingRecord, d: Readonly<StoreData>) => MeetingRecord) =>
    doc.write((d) => {
      const meeting = byId(d.meetings).get(id);
      if (!meeting) return { result: null };
      const next = fn(meeting, d);
      if (next === meeting) return { result: own(meeting) };
      return { next: { ...d, meetings: d.meetings.map((m) => (m === meeting ? next : m)) }, result: own(next) };
    });
  const found = (meeting: MeetingRecord | undefined) => (meeting ? own(meeting) : null);

  return {
    create: (meeting) => doc.write((d) => ({ next: { ...d, meetings: [...d.meetings, own(meeting)] }, result: undefined })),
    byId: async (id) => found(byId(doc.current().meetings).get(id)),
    byDialInPin: async (pin) => found(pin ? byPin(doc.current().meetings).get(pin) : undefined),
    listForOwner: async (ownerId) =>
      doc
        .current()
        .meetings.filter((m) => m.ownerId === ownerId)
        .sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime())
        .map(own),
    update: (id, changes) =>
      change(id, (m) => {
        const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
        return { ...m, ...defined };
      }),
    replaceLink: (id, linkToken) => change(id, ({ dialInPin: _dropped, ...m }) => ({ ...m, linkToken })),
    setDialInPin: (id, pin, expected) =>
      doc.write((d) => {
        const meeting = byId(d.meetings).get(id);
        if (!meeting) return { result: 'missing' as const };
        if ((meeting.dialInPin ?? null) !== expected) return { result: 'changed' as const };
        const holder = byPin(d.meetings).get(pin);
        if (holder && holder !== meeting) return { result: 'taken' as const };
        const next = { ...meeting, dialInPin: pin };
        return { next: { ...d, meetings: d.meetings.map((m) => (m === meeting ? next : m)) }, result: 'set' as const };
      }),
    setEnded: async (id, endedAt) => {
      await change(id, (m) => {
        if (endedAt !== null) return { ...m, endedAt };
        if (m.endedAt === undefined) return m;
        const { endedAt: _lifted, ...rest } = m;
        return rest;
      });
    },
    addRemoval: async (id, removal) => {
      await change(id, (m) => ({ ...m, removedGuests: [...(m.removedGuests ?? []), own(removal)] }));
    },
    forgiveRemovals: async (id, who) => {
      await change(id, (m) => {
        if (!m.removedGuests) return m;
        return { ...m, removedGuests: m.removedGuests.filter((r) => !removalMatches(r, who)) };
      });
    },
    delete: (id) =>
      doc.write((d) => {
        if (!byId(d.meetings).has(id)) return { result: false };
        return {
          next: { ...d, meetings: d.meetings.filter((m) => m.id !== id), invites: d.invites.filter((i) => i.meetingId !== id) },
          result: true,
        };
      }),
  };
}
