import type { HostState, KnockResponse } from '../../shared/api/host-controls.ts';
import { ParticipantRole, type Participant } from '../../shared/api/participants.ts';
import { RecordingState } from '../../shared/api/recordings.ts';
import type { Grant } from '../access/room-access.ts';
import { grantKeyStillValid } from '../access/room-access.ts';
import type { DeviceDescription } from '../bot/describe-device.ts';
import type { RoomBot } from '../bot/room-bot.ts';
import type { Config } from '../config.ts';
import type { DialInService } from '../dialin/dial-in-service.ts';
import type { RecordingService } from '../recording/recording-service.ts';
import type { RoomHub } from '../rooms/room-hub.ts';
import type { RoomCapacity } from '../rooms/room-capacity.ts';
import type { MeetingRecord } from '../storage/records.ts';
import type { Storage } from '../storage/repositories.ts';
import { phoneDisplayName } from '../../shared/dialin/dial-in-api.ts';
import { callerHash } from '../dialin/caller-identity.ts';
import { RateLimitError } from '../limits/limit-book.ts';
import { WAITING_ROOM_CAPACITY } from '../limits/limits.ts';
import { meetingEnded, refusal, wasRemoved, type GuestIdentity } from './entry-policy.ts';
import { createLobby } from './lobby.ts';
import { createModeration } from './moderation.ts';
import { logFor } from '../lib/log.ts';

const log = logFor('host-controls');

export interface HostControlsDeps {
  storage: Pick<Storage, 'meetings' | 'invites' | 'roomStates'>;
  hub: RoomHub;
  bot: RoomBot;
  dialIn: DialInService;
  recordings: RecordingService;
  clock: () => Date;
  config: Pick<Config, 'joinTimeoutMs' | 'reconnectGraceMs' | 'unloadGraceMs'>;
  /** ROOM_MAX: a knock or an admission into a full room is refused (room_full). */
  capacity?: Pick<RoomCapacity, 'refuseIfFull'>;
}

/** A guest as they enter: what they hold (`grantKey`) and who they are. */
export interface Entrant {
  grant: Grant;
  grantKey: string;
  deviceId: string | null;
}

const isHost = (p: Participant) => p.role === ParticipantRole.Host;
/** A waiting caller whose line stops asking for this long has hung up. */
export const PHONE_WAIT_KEEPALIVE_MS = 20_000;

export type PhoneEntry =
  | { state: 'closed'; reason: 'ended' | 'locked' }
  | { state: 'full' }
  | { state: 'enter' }
  | { state: 'waiting'; waiterId: string };
const identityOf = ({ grant, deviceId }: Entrant): GuestIdentity => ({
  inviteId: grant.kind === 'invite' ? grant.invite.id : null,
  deviceId,
});

/**
 * What the host decides about who is in the room: the waiting room, the lock, the end of
 * the meeting, and (in moderation.ts) muting and removing. Everything a guest asks is
 * checked here, on the server: the page only shows the answers.
 */
/** Someone started waiting in a meeting's waiting room: a browser's guest, or a phone caller. */
export interface WaitingEvent {
  meeting: MeetingRecord;
  name: string;
  kind: 'browser' | 'phone';
  /** The host removed them earlier in this meeting. */
  removedBefore: boolean;
}

export function createHostControls(deps: HostControlsDeps) {
  const { storage, hub, clock } = deps;
  /**
   * The lock, and the browsers let in during the current meeting (`grantKey|deviceId`: a return
   * is not asked again), live in the storage, so another node taking the meeting over knows them.
   */
  const states = storage.roomStates;
  /** Who each guest participant is, so a removal can be remembered against them; gone when they leave. */
  const identities = new Map<string, GuestIdentity & { meetingId: string }>();
  const admittedKey = (grantKey: string, deviceId: string) => `${grantKey}|${deviceId}`;
  /** Who hears that someone started waiting (the webhooks' `guest.waiting`). */
  const waitingListeners = new Set<(event: WaitingEvent) => void>();
  const tellWaiting = (event: WaitingEvent) => {
    for (const listener of waitingListeners) listener(event);
  };

  const lobby = createLobby({
    ...deps.config,
    now: clock,
    onChange: (meetingId) => hub.publish(meetingId, { type: 'lobby', waiting: lobby.list(meetingId) }, isHost),
  });
  const restoredIdentity = (meetingId: string, participantId: string): GuestIdentity | null => {
    const restored = hub.restoredOf(meetingId, participantId);
    return restored ? { inviteId: null, deviceId: restored.deviceId } : null;
  };
  const hostPresent = (meetingId: string) => hub.participants(meetingId).some(isHost);

  /**
   * A room that empties, or a meeting that ends, takes its state with it: the lock, the browsers let
   * in (a later call asks again) and the guests' identities.
   */
  function forgetMeeting(meetingId: string) {
    void states.clear(meetingId).catch((e) => log.error({ err: e }, 'forgetting an empty room failed'));
    for (const [participantId, who] of identities) if (who.meetingId === meetingId) identities.delete(participantId);
  }
  const stopEmptied = hub.onEmptied(forgetMeeting);

  const unsubscribe = hub.subscribe((event) => {
    if (event.type !== 'joined') identities.delete(event.participant.id);
    if (event.type === 'dropped') return;
    if (event.type === 'left') {
      // A lock lasts while the call does.
      if (hub.participants(event.meetingId).length === 0) {
        void states.setLocked(event.meetingId, false).catch((e) => log.error({ err: e }, 'unlocking an empty room failed'));
      }
    }
    if (isHost(event.participant)) lobby.setHostPresent(event.meetingId, hostPresent(event.meetingId));
  });

  async function remember(meetingId: string, participantId: string, who: GuestIdentity, grantKey: string) {
    if (participantId) identities.set(participantId, { meetingId, inviteId: who.inviteId, deviceId: who.deviceId });
    if (who.deviceId) await states.admit(meetingId, admittedKey(grantKey, who.deviceId));
  }
  const admittedBefore = async (meetingId: string, { grantKey, deviceId }: Entrant) =>
    deviceId !== null && (await states.isAdmitted(meetingId, admittedKey(grantKey, deviceId)));

  /** Reasons that keep anyone new out, in the order a guest is told them. */
  async function closedReason(meeting: MeetingRecord): Promise<'ended' | 'locked' | null> {
    if (meetingEnded(meeting, clock())) return 'ended';
    return (await states.isLocked(meeting.id)) ? 'locked' : null;
  }

  function refuseIfFull(meetingId: string) {
    if (lobby.list(meetingId).length >= WAITING_ROOM_CAPACITY) {
      throw new RateLimitError(`the waiting room is full (${WAITING_ROOM_CAPACITY} people wait); try again in a few minutes`, 60);
    }
  }

  async function refuseIfClosed(meeting: MeetingRecord) {
    const reason = await closedReason(meeting);
    if (reason) throw refusal[reason]();
  }

  const moderation = createModeration({
    ...deps,
    meetings: storage.meetings,
    // Someone rebuilt here from another node's token (a failover) is known by their browser.
    identityOf: (participantId, meetingId) => {
      const who = identities.get(participantId);
      return who ? { inviteId: who.inviteId, deviceId: who.deviceId } : restoredIdentity(meetingId, participantId);
    },
    forget: async (meetingId, who) => {
      for (const device of [who.deviceId, who.phone ? `tel:${who.phone}` : null]) {
        if (device) await states.forgetDevice(meetingId, device);
      }
    },
  });

  return {
    /** Tells `listener` about every guest or caller who starts waiting; returns the unsubscribe. */
    onWaiting(listener: (event: WaitingEvent) => void): () => void {
      waitingListeners.add(listener);
      return () => waitingListeners.delete(listener);
    },
    ...moderation,

    /** For the guest's pre-join page: why they cannot enter now, if so. */
    closedFor: async (meeting: MeetingRecord) => (await closedReason(meeting)) ?? undefined,

    /**
     * Before a join: throws why this guest may not enter. The host always may; so may a
     * participant coming back with their rejoin ticket (already in, or just admitted).
     */
    async checkJoin(meeting: MeetingRecord, entrant: Entrant, rejoin: { participantId: string; token: string } | undefined): Promise<void> {
      if (entrant.grant.kind === 'host') return;
      if (rejoin && hub.authenticate(meeting.id, rejoin.participantId, rejoin.token)) {
        // Rebuilt from another node's token: the end and removals are in the storage, not in this hub.
        if (!hub.restoredOf(meeting.id, rejoin.participantId)) return;
        if (meetingEnded(meeting, clock())) throw refusal.ended();
        if (wasRemoved(meeting, identityOf(entrant))) throw refusal.removed();
        return;
      }
      await refuseIfClosed(meeting);
      if (wasRemoved(meeting, identityOf(entrant))) throw refusal.removed();
      if (meeting.waitingRoom && !(await admittedBefore(meeting.id, entrant))) throw refusal.admission();
    },

    /**
     * Could this guest walk straight in now (no waiting, not removed, not locked or ended)?
     * The room's other credentials — the dial-in PIN — go only to those who could.
     */
    async entersDirectly(meeting: MeetingRecord, entrant: Entrant): Promise<boolean> {
      if (entrant.grant.kind === 'host') return true;
      if ((await closedReason(meeting)) || wasRemoved(meeting, identityOf(entrant))) return false;
      return !meeting.waitingRoom || (await admittedBefore(meeting.id, entrant));
    },

    /** After a join: the host entering reopens an ended meeting; a guest is remembered. */
    async entered(meeting: MeetingRecord, participantId: string, entrant: Entrant): Promise<void> {
      if (entrant.grant.kind !== 'host') return await remember(meeting.id, participantId, identityOf(entrant), entrant.grantKey);
      if (!meeting.endedAt) return;
      await storage.meetings.setEnded(meeting.id, null);
    },

    /**
     * A caller typed this meeting's right PIN. Like a guest with the link: in at once (no
     * waiting room, or let in before), or waiting on the line for the host. A caller the host
     * removed waits for the host whatever the setting, as does a withheld number once anyone
     * was removed (a removed guest could otherwise come back with their number hidden).
     */
    async knockByPhone(meeting: MeetingRecord, call: { callSid: string; caller: string | undefined; pin: string }): Promise<PhoneEntry> {
      const closed = await closedReason(meeting);
      if (closed) return { state: 'closed', reason: closed };
      const phone = callerHash(call.caller);
      const grantKey = `phone:${call.pin}`;
      const removedBefore = wasRemoved(meeting, { inviteId: null, deviceId: null, phone });
      const hiddenAfterRemoval = phone === null && (meeting.removedGuests?.length ?? 0) > 0;
      const letInBefore = phone !== null && (await states.isAdmitted(meeting.id, admittedKey(grantKey, `tel:${phone}`)));
      if (!removedBefore && !hiddenAfterRemoval && (!meeting.waitingRoom || letInBefore)) return { state: 'enter' };
      if (lobby.list(meeting.id).length >= WAITING_ROOM_CAPACITY) return { state: 'full' };
      const name = phoneDisplayName(call.caller);
      const present = hostPresent(meeting.id);
      const knocked = lobby.knock(meeting.id, {
        name,
        audioMuted: false,
        videoMuted: true,
        grant: grantKey,
        deviceId: null,
        inviteId: null,
        removedBefore,
        hostPresent: present,
        call: { callSid: call.callSid, numberHash: phone },
      });
      await deps.bot.phoneWaiting(meeting.id, name, removedBefore).catch(() => undefined);
      tellWaiting({ meeting, name, kind: 'phone', removedBefore });
      return { state: 'waiting', waiterId: knocked.id };
    },

    /** A waiting caller's line asks again: let in, turned away, still waiting, or gone. */
    pollPhone(meetingId: string, waiterId: string, callSid: string): 'admitted' | 'declined' | 'ended' | 'waiting' | 'gone' {
      const outcome = lobby.poll(meetingId, waiterId, callSid, PHONE_WAIT_KEEPALIVE_MS);
      if (outcome === null) return 'gone';
      if (outcome === 'waiting') return 'waiting';
      if (outcome.type === 'admitted') return 'admitted';
      return outcome.reason === 'ended' ? 'ended' : 'declined';
    },

    /** A guest asks to enter: in at once (no waiting room, or let in before), or a waiting ticket. */
    async knock(
      meeting: MeetingRecord,
      entrant: Entrant,
      body: { name: string; audioMuted: boolean; videoMuted: boolean },
      device: DeviceDescription,
    ): Promise<KnockResponse> {
      if (entrant.grant.kind === 'host') return { state: 'admitted' };
      await refuseIfClosed(meeting);
      // Nobody waits for a room that holds ROOM_MAX already (the join checks again).
      deps.capacity?.refuseIfFull(meeting);
      const removedBefore = wasRemoved(meeting, identityOf(entrant));
      if (!removedBefore && (!meeting.waitingRoom || (await admittedBefore(meeting.id, entrant)))) return { state: 'admitted' };
      refuseIfFull(meeting.id);
      const present = hostPresent(meeting.id);
      const ticket = lobby.knock(meeting.id, {
        ...body,
        ...identityOf(entrant),
        grant: entrant.grantKey,
        removedBefore,
        hostPresent: present,
      });
      await deps.bot.guestWaiting(meeting.id, body.name, device, removedBefore);
      tellWaiting({ meeting, name: body.name, kind: 'browser', removedBefore });
      return { state: 'waiting', waiterId: ticket.id, token: ticket.token, hostPresent: present, removedBefore };
    },

    hostState: async (meetingId: string): Promise<HostState> => ({
      waiting: lobby.list(meetingId),
      locked: await states.isLocked(meetingId),
    }),

    /** Lets a waiting guest in (and readmits one removed before). False if they no longer wait. */
    async admit(meetingId: string, waiterId: string): Promise<boolean> {
      const waiter = lobby.find(meetingId, waiterId);
      if (!waiter) return false;
      // The link they came with may have been replaced meanwhile.
      if (!(await grantKeyStillValid(storage, meetingId, waiter.grant))) {
        lobby.answer(meetingId, waiterId, { type: 'declined', reason: 'declined' });
        return true;
      }
      const who: GuestIdentity = { inviteId: waiter.inviteId, deviceId: waiter.deviceId, phone: waiter.call?.numberHash ?? null };
      if (waiter.removedBefore) await storage.meetings.forgiveRemovals(meetingId, who);
      if (waiter.call) {
        // The caller's line hears it at its next poll and is bridged in then.
        if (waiter.call.numberHash) {
          await remember(meetingId, '', { inviteId: null, deviceId: `tel:${waiter.call.numberHash}` }, waiter.grant);
        }
        return lobby.answer(meetingId, waiterId, { type: 'admitted', participantId: '', token: '' });
      }
      const meeting = deps.capacity && (await storage.meetings.byId(meetingId));
      if (meeting) deps.capacity?.refuseIfFull(meeting);
      const joined = hub.join(meetingId, {
        name: waiter.name,
        role: ParticipantRole.Guest,
        audioMuted: waiter.audioMuted,
        videoMuted: waiter.videoMuted,
        grant: waiter.grant,
        deviceId: waiter.deviceId,
      });
      await remember(meetingId, joined.participant.id, waiter, waiter.grant);
      return lobby.answer(meetingId, waiterId, { type: 'admitted', participantId: joined.participant.id, token: joined.token });
    },

    decline: (meetingId: string, waiterId: string) => lobby.answer(meetingId, waiterId, { type: 'declined', reason: 'declined' }),

    async setLocked(meetingId: string, locked: boolean): Promise<void> {
      if (locked === (await states.isLocked(meetingId))) return;
      await states.setLocked(meetingId, locked);
      hub.publish(meetingId, { type: 'room-state', locked });
    },

    /**
     * End call for everyone: guests are kept out from now on (entry-policy.ts), waiting
     * guests are told, the recording is finalised, phone callers are hung up, and every
     * page hears `meeting-ended` before its channel closes.
     */
    async end(meeting: MeetingRecord, by: string): Promise<void> {
      const id = meeting.id;
      await storage.meetings.setEnded(id, clock().toISOString());
      await states.clear(id);
      forgetMeeting(id);
      lobby.closeAll(id);
      const running = (await deps.recordings.list(id)).find((r) => r.state === RecordingState.Recording);
      // Asked before the recorder's page goes, so the notice names the real reason.
      const stopping = running
        ? deps.recordings
            .stop(id, running.id, 'meeting-ended')
            .catch((e) => log.error({ err: e }, 'stopping the recording at the end failed'))
        : null;
      for (const call of deps.dialIn.activeCalls(id)) deps.dialIn.hangUp(id, call.participantId);
      hub.endRoom(id, { type: 'meeting-ended', by });
      await stopping;
    },

    lobby,

    /**
     * For what no event closed: admissions, locks and identities of rooms nobody is in any more
     * (the hub's `onEmptied` normally got them). How many meetings' state went.
     */
    sweep(): number {
      const live = new Set(hub.activeMeetings());
      const stale = new Set<string>();
      for (const meetingId of states.held?.().meetingIds ?? []) if (!live.has(meetingId)) stale.add(meetingId);
      for (const [participantId, who] of identities) {
        if (hub.presenceOf(who.meetingId, participantId) === 'gone') identities.delete(participantId);
      }
      for (const meetingId of stale) forgetMeeting(meetingId);
      return stale.size;
    },

    sizes() {
      const held = states.held?.() ?? { locks: 0, admittedMeetings: 0, admittedBrowsers: 0 };
      return {
        locks: held.locks,
        admittedMeetings: held.admittedMeetings,
        admittedBrowsers: held.admittedBrowsers,
        identities: identities.size,
        ...lobby.sizes(),
      };
    },

    close(): void {
      stopEmptied();
      unsubscribe();
      lobby.close();
    },
  };
}

export type HostControls = ReturnType<typeof createHostControls>;
