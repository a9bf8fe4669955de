import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { Participant } from '../../../shared/api/participants.ts';

/**
 * Who is in the room, as the room channel says (welcome, joined, updated, left): the list in the
 * server's order, and what the page reads of it. Our own entry is in the list too.
 */
export function createRoster(selfId: ReadonlySignal<string | null>) {
  const participants = signal<Participant[]>([]);
  return {
    participants: participants as ReadonlySignal<Participant[]>,
    /** Everyone but us. */
    others: computed(() => participants.value.filter((p) => p.id !== selfId.value)),
    count: computed(() => participants.value.length),
    /** Who shares their screen now (from the room's state, so everyone agrees). */
    sharer: computed(() => participants.value.find((p) => p.screenSharing) ?? null),
    find: (id: string): Participant | undefined => participants.value.find((p) => p.id === id),
    /** The whole list (a welcome, the join's answer); `[]` when the call is over. */
    set(list: Participant[]) {
      participants.value = list;
    },
    /** Adds someone, or replaces their entry where it stands. */
    upsert(participant: Participant) {
      const list = participants.value;
      const index = list.findIndex((p) => p.id === participant.id);
      participants.value = index < 0 ? [...list, participant] : list.map((p, i) => (i === index ? participant : p));
    },
    /** Takes someone off; returns who it was, if they were on it. */
    remove(id: string): Participant | undefined {
      const gone = participants.value.find((p) => p.id === id);
      if (gone) participants.value = participants.value.filter((p) => p.id !== id);
      return gone;
    },
  };
}

export type Roster = ReturnType<typeof createRoster>;
