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
  storage: Pick<Storage, 'meetings' | 'invites'>;
  hub: RoomHub;
  bot: RoomBot;
  dialIn: DialInService;
  recordings: RecordingService;
  clock: () => Date;
  config: Pick<Config, 'joinTimeoutMs' | 'reconnectGraceMs' | 'unloadGraceMs'>;
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
export function createHostControls(deps: HostControlsDeps) {
  const { storage, hub, clock } = deps;
  const locks = new Set<string>();
  /**
   * Browsers let in during the current call (`grantKey|deviceId`): a return is not asked again.
   * Forgotten when the call ends or empties (like the lock), and by `sweep` for a room nobody is in.
   */
  const admitted = new Map<string, Set<string>>();
  /** Who each guest participant is, so a removal can be remembered against them; gone when they leave. */
  const identities = new Map<string, GuestIdentity & { meetingId: string }>();
  const admittedKey = (grantKey: string, deviceId: string) => `${grantKey}|${deviceId}`;

  const lobby = createLobby({
    ...deps.config,
    now: clock,
    onChange: (meetingId) => hub.publish(meetingId, { type: 'lobby', waiting: lobby.list(meetingId) }, isHost),
  });
  const hostPresent = (meetingId: string) => hub.participants(meetingId).some(isHost);

  /** Everything this module holds for a meeting, let go when its room empties or the meeting ends. */
  function forgetMeeting(meetingId: string) {
    locks.delete(meetingId);
    admitted.delete(meetingId);
    for (const [participantId, who] of identities) if (who.meetingId === meetingId) identities.delete(participantId);
  }
  const stopEmptied = hub.onEmptied(forgetMeeting);

  const unsubscribe = hub.subscribe((event) => {
    if (event.type !== 'joined') identities.delete(event.participant.id);
    if (event.type === 'dropped') return;
    if (event.type === 'left') {
      // A lock lasts while the call does.
      if (hub.participants(event.meetingId).length === 0) locks.delete(event.meetingId);
    }
    if (isHost(event.participant)) lobby.setHostPresent(event.meetingId, hostPresent(event.meetingId));
  });

  function remember(meetingId: string, participantId: string, who: GuestIdentity, grantKey: string) {
    if (participantId) identities.set(participantId, { meetingId, inviteId: who.inviteId, deviceId: who.deviceId });
    if (!who.deviceId) return;
    let set = admitted.get(meetingId);
    if (!set) admitted.set(meetingId, (set = new Set()));
    set.add(admittedKey(grantKey, who.deviceId));
  }
  const admittedBefore = (meetingId: string, { grantKey, deviceId }: Entrant) =>
    deviceId !== null && (admitted.get(meetingId)?.has(admittedKey(grantKey, deviceId)) ?? false);

  /** Reasons that keep anyone new out, in the order a guest is told them. */
  function closedReason(meeting: MeetingRecord): 'ended' | 'locked' | null {
    if (meetingEnded(meeting, clock())) return 'ended';
    return locks.has(meeting.id) ? 'locked' : null;
  }

  function refuseIfFull(meetingId: string) {
    if (lobby.list(meetingId).length >= WAITING_ROOM_CAPACITY) {
      throw new RateLimitError(`the waiting room is full (${WAITING_ROOM_CAPACITY} people wait); try again in a few minutes`, 60);
    }
  }

  function refuseIfClosed(meeting: MeetingRecord) {
    const reason = closedReason(meeting);
    if (reason) throw refusal[reason]();
  }

  const moderation = createModeration({
    ...deps,
    meetings: storage.meetings,
    identityOf: (participantId) => {
      const who = identities.get(participantId);
      return who ? { inviteId: who.inviteId, deviceId: who.deviceId } : null;
    },
    forget: (meetingId, who) => {
      const set = admitted.get(meetingId);
      for (const device of [who.deviceId, who.phone ? `tel:${who.phone}` : null]) {
        if (device) for (const key of [...(set ?? [])]) if (key.endsWith(`|${device}`)) set!.delete(key);
      }
    },
  });

  return {
    ...moderation,

    /** For the guest's pre-join page: why they cannot enter now, if so. */
    closedFor: (meeting: MeetingRecord) => closedReason(meeting) ?? undefined,

    /**
     * Before a join: throws why this guest may not enter. The host always may; so may a
     * participant coming back with their rejoin ticket (already in, or just admitted).
     */
    checkJoin(meeting: MeetingRecord, entrant: Entrant, rejoin: { participantId: string; token: string } | undefined): void {
      if (entrant.grant.kind === 'host') return;
      if (rejoin && hub.authenticate(meeting.id, rejoin.participantId, rejoin.token)) return;
      refuseIfClosed(meeting);
      if (wasRemoved(meeting, identityOf(entrant))) throw refusal.removed();
      if (meeting.waitingRoom && !admittedBefore(meeting.id, entrant)) throw refusal.admission();
    },

    /**
     * Could this guest walk straight in now (no waiting, not removed, not locked or ended)?
     * The room's other credentials — the dial-in PIN — go only to those who could.
     */
    entersDirectly(meeting: MeetingRecord, entrant: Entrant): boolean {
      if (entrant.grant.kind === 'host') return true;
      if (closedReason(meeting) || wasRemoved(meeting, identityOf(entrant))) return false;
      return !meeting.waitingRoom || admittedBefore(meeting.id, entrant);
    },

    /** After a join: the host entering reopens an ended meeting; a guest is remembered. */
    async entered(meeting: MeetingRecord, participantId: string, entrant: Entrant): Promise<void> {
      if (entrant.grant.kind !== 'host') return remember(meeting.id, participantId, identityOf(entrant), entrant.grantKey);
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
      const closed = closedReason(meeting);
      if (closed) return { state: 'closed', reason: closed };
      const phone = callerHash(call.caller);
      const grantKey = `phone:${call.pin}`;
      const removedBefore = wasRemoved(meeting, { inviteId: null, deviceId: null, phone });
      const hiddenAfterRemoval = phone === null && (meeting.removedGuests?.length ?? 0) > 0;
      const letInBefore = phone !== null && (admitted.get(meeting.id)?.has(admittedKey(grantKey, `tel:${phone}`)) ?? false);
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
      refuseIfClosed(meeting);
      const removedBefore = wasRemoved(meeting, identityOf(entrant));
      if (!removedBefore && (!meeting.waitingRoom || admittedBefore(meeting.id, entrant))) return { state: 'admitted' };
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
      return { state: 'waiting', waiterId: ticket.id, token: ticket.token, hostPresent: present, removedBefore };
    },

    hostState: (meetingId: string): HostState => ({ waiting: lobby.list(meetingId), locked: locks.has(meetingId) }),

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
        if (waiter.call.numberHash) remember(meetingId, '', { inviteId: null, deviceId: `tel:${waiter.call.numberHash}` }, waiter.grant);
        return lobby.answer(meetingId, waiterId, { type: 'admitted', participantId: '', token: '' });
      }
      const joined = hub.join(meetingId, {
        name: waiter.name,
        role: ParticipantRole.Guest,
        audioMuted: waiter.audioMuted,
        videoMuted: waiter.videoMuted,
        grant: waiter.grant,
      });
      remember(meetingId, joined.participant.id, waiter, waiter.grant);
      return lobby.answer(meetingId, waiterId, { type: 'admitted', participantId: joined.participant.id, token: joined.token });
    },

    decline: (meetingId: string, waiterId: string) => lobby.answer(meetingId, waiterId, { type: 'declined', reason: 'declined' }),

    setLocked(meetingId: string, locked: boolean): void {
      if (locked === locks.has(meetingId)) return;
      if (locked) locks.add(meetingId);
      else locks.delete(meetingId);
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
      for (const meetingId of [...admitted.keys(), ...locks]) if (!live.has(meetingId)) stale.add(meetingId);
      for (const [participantId, who] of identities) {
        if (hub.presenceOf(who.meetingId, participantId) === 'gone') identities.delete(participantId);
      }
      for (const meetingId of stale) forgetMeeting(meetingId);
      return stale.size;
    },

    sizes() {
      let admittedBrowsers = 0;
      for (const set of admitted.values()) admittedBrowsers += set.size;
      return { locks: locks.size, admittedMeetings: admitted.size, admittedBrowsers, identities: identities.size, ...lobby.sizes() };
    },

    close(): void {
      stopEmptied();
      unsubscribe();
      lobby.close();
    },
  };
}

export type HostControls = ReturnType<typeof createHostControls>;
