import { formatPin, phoneDisplayName, type DialInInfo } from '../../shared/dialin/dial-in-api.ts';
import { LeaveReason } from '../../shared/room-events.ts';
import type { Config } from '../config.ts';
import type { MeetingRepository } from '../storage/repositories.ts';
import { Histogram } from '../health/histogram.ts';
import type { Bridge, BridgeStarter, BridgeStats } from './bridge-contract.ts';

export type { Bridge, BridgeStarter } from './bridge-contract.ts';
import { createTicketBook, type CallTicket } from './call-tickets.ts';
import type { CallerStream } from './caller-stream.ts';
import { ensureDialInPin, meetingForPin } from './dial-in-pins.ts';
import { logFor } from '../lib/log.ts';

const log = logFor('dial-in');
/** Calls remembered as ended on purpose (for the `<Redirect>` that follows a closed stream). */
const ENDED_MEMORY = 10_000;

/** For the chat bot ("a guest dialled in") and anything else that wants to know. */
export type DialInEvent =
  | { type: 'caller-joined'; meetingId: string; participantId: string; displayName: string }
  | { type: 'caller-left'; meetingId: string; participantId: string; displayName: string; reason: string };

export interface ActiveCall {
  meetingId: string;
  participantId: string;
  displayName: string;
  callSid: string;
  muted: boolean;
  stats: BridgeStats;
}

export interface DialInServiceDeps {
  config: Pick<Config, 'dialIn'> & Partial<Pick<Config, 'clusterSecret'>>;
  meetings: MeetingRepository;
  /** Starts the media bridge of a connected call; absent in API-only tests. */
  startBridge?: BridgeStarter;
  /** What the bridges have dropped in all (`BridgeService`), for /metrics; absent: none. */
  audioDropped?: () => number;
  /** The server's clock in ms (call tickets expire by it). */
  now?: () => number;
}

interface Call {
  meetingId: string;
  callSid: string;
  /** The caller's number (`From`), kept only while the call lasts (a removal remembers its hash). */
  caller: string | undefined;
  displayName: string;
  bridge: Bridge;
}

/**
 * Dial-in as the rest of the server sees it: meeting PINs, the tickets between the
 * PIN webhook and the Media Stream, the calls in progress (mute, hang up), and events.
 */
/**
 * Bounds of the room → caller delay histogram (s): 5 ms steps from 10 to 100 ms, where the
 * bridge's delay lives (a 20 ms frame, the jitter buffer's 20–60 ms), then coarser up to 2 s.
 */
export const DIALIN_DELAY_BUCKETS_S = [
  ...Array.from({ length: 19 }, (_, i) => (10 + 5 * i) / 1000),
  0.125,
  0.15,
  0.2,
  0.3,
  0.5,
  1,
  2,
] as const;

export function createDialInService({ config, meetings, startBridge, audioDropped = () => 0, now = () => Date.now() }: DialInServiceDeps) {
  const tickets = createTicketBook({ now, secret: config.clusterSecret ?? null });
  const roomToCallerDelay = new Histogram(DIALIN_DELAY_BUCKETS_S);
  const calls = new Map<string, Call>();
  /** Calls this node is handing on (a drain): their end is not the caller's. */
  const moving = new Set<string>();
  /** Calls that ended here on purpose (hung up, removed, the meeting ended), by CallSid: Twilio's `<Redirect>` after `</Connect>` hears goodbye. */
  const ended = new Map<string, string>();
  const listeners = new Set<(event: DialInEvent) => void>();
  let starting = 0;

  const emit = (event: DialInEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log.error({ err: error }, 'a dial-in event listener failed');
      }
    }
  };
  const rememberEnded = (callSid: string, reason: string) => {
    ended.delete(callSid);
    ended.set(callSid, reason);
    if (ended.size > ENDED_MEMORY) ended.delete(ended.keys().next().value!);
  };
  const callIn = (meetingId: string, participantId: string) => {
    const call = calls.get(participantId);
    return call?.meetingId === meetingId ? call : null;
  };

  return {
    enabled: config.dialIn !== null,
    /** Every call's room → caller delay since start, for /metrics. */
    roomToCallerDelay,
    /** Batches of the calls' audio dropped between threads since start (a ring was full), for /metrics. */
    audioDropped,

    /** The number and PIN to show for a meeting; null if there is no such meeting. */
    async dialInFor(meetingId: string): Promise<DialInInfo | null> {
      if (!config.dialIn) return (await meetings.byId(meetingId)) ? { enabled: false } : null;
      const pin = await ensureDialInPin(meetings, meetingId);
      if (!pin) return null;
      return { enabled: true, number: config.dialIn.number, pin, pinDisplay: formatPin(pin) };
    },

    /** The meeting a caller's PIN opens, or null. */
    meetingForPin: (pin: string) => meetingForPin(meetings, pin),

    /** Room for one more caller on this server. */
    hasCapacity: () => calls.size + starting < (config.dialIn?.maxCalls ?? 0),

    issueTicket: (ticket: CallTicket) => tickets.issue(ticket),
    /** The token that lets this call back in after its node went away (the `<Redirect>` after `</Connect>`; signed, so any node checks it). */
    resumeTokenFor: (ticket: CallTicket) => tickets.resumeToken(ticket),
    /** The call a pass (that token: this call gave this meeting's PIN) is for, if it is valid. */
    verifyPass: (token: string, callSid: string) => tickets.verifyResume(token, callSid),
    /**
     * Twilio came back after `</Connect>`: the stream closed. `goodbye` when the call ended here on
     * purpose; `resume` with a new ticket when it was moved (a drain) or ended on a node that is gone
     * (a failover, this node never had it); `invalid` for a token that is not this call's.
     */
    resume(
      token: string,
      callSid: string,
    ): { state: 'goodbye'; reason: string } | { state: 'resume'; ticket: CallTicket; secret: string } | { state: 'invalid' } {
      const call = tickets.verifyResume(token, callSid);
      if (!call) return { state: 'invalid' };
      const reason = ended.get(callSid);
      if (reason !== undefined) return { state: 'goodbye', reason };
      if ([...calls.values()].some((c) => c.callSid === callSid)) return { state: 'goodbye', reason: 'already connected' };
      return { state: 'resume', ticket: call, secret: tickets.reissue(call) };
    },
    redeemTicket: (secret: string, callSid: string) => tickets.redeem(secret, callSid),

    /** A Media Stream started with a valid ticket: bridge it into its meeting. */
    async connectCall(ticket: CallTicket, caller: CallerStream): Promise<void> {
      if (!(await meetings.byId(ticket.meetingId))) throw new Error('the meeting no longer exists');
      if (!startBridge) throw new Error('no media bridge on this server');
      const displayName = phoneDisplayName(ticket.caller);
      starting++;
      let ended = false;
      let bridge: Bridge | null = null;
      const onEnded = (reason: string) => {
        ended = true;
        if (!moving.delete(ticket.callSid)) rememberEnded(ticket.callSid, reason);
        if (!bridge) return; // ended while starting: never registered
        calls.delete(bridge.participantId);
        emit({ type: 'caller-left', meetingId: ticket.meetingId, participantId: bridge.participantId, displayName, reason });
        logCallEnd(ticket.callSid, reason, bridge.stats());
      };
      try {
        bridge = await startBridge({ meetingId: ticket.meetingId, displayName, caller, onEnded, delays: roomToCallerDelay });
      } finally {
        starting--;
      }
      if (ended) return;
      calls.set(bridge.participantId, { meetingId: ticket.meetingId, callSid: ticket.callSid, caller: ticket.caller, displayName, bridge });
      emit({ type: 'caller-joined', meetingId: ticket.meetingId, participantId: bridge.participantId, displayName });
    },

    /** Host mute: the caller's voice stops reaching the room; everyone sees them muted. */
    mute(meetingId: string, participantId: string, muted: boolean): boolean {
      const call = callIn(meetingId, participantId);
      call?.bridge.setMuted(muted);
      return call !== null;
    },

    /** The number a caller in this meeting called from, if they gave one. */
    callerOf: (meetingId: string, participantId: string) => callIn(meetingId, participantId)?.caller,

    /** Host removal: hangs up the phone call and takes the caller out of the room. */
    hangUp(meetingId: string, participantId: string): boolean {
      const call = callIn(meetingId, participantId);
      call?.bridge.hangUp('removed by the host', LeaveReason.Removed);
      return call !== null;
    },

    activeCalls(meetingId?: string): ActiveCall[] {
      return [...calls.values()]
        .filter((c) => meetingId === undefined || c.meetingId === meetingId)
        .map((c) => ({
          meetingId: c.meetingId,
          participantId: c.bridge.participantId,
          displayName: c.displayName,
          callSid: c.callSid,
          muted: c.bridge.muted,
          stats: c.bridge.stats(),
        }));
    },

    subscribe(listener: (event: DialInEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Drops expired call tickets; how many went. */
    sweep: () => tickets.sweep(),
    sizes: () => ({ callTickets: tickets.size(), dialInCalls: calls.size }),

    /** A drain: every call's stream closes, and Twilio's `<Redirect>` takes it to the meeting's next node. */
    moveAll(): void {
      for (const call of [...calls.values()]) {
        moving.add(call.callSid);
        call.bridge.hangUp('moving to another server');
      }
    },

    /** Server shutdown: every caller hears the goodbye after `</Connect>`. */
    close(): void {
      for (const call of [...calls.values()]) call.bridge.hangUp('server shutting down');
    },
  };
}

export type DialInService = ReturnType<typeof createDialInService>;

/** One line per call for operators (and the benchmark): what the bridge added to the delay. */
function logCallEnd(callSid: string, reason: string, { uplink, downlink, downlinkFrames }: BridgeStats) {
  const ms = (n: number) => n.toFixed(2);
  const frames = downlinkFrames
    ? `; room → caller: ${downlinkFrames.mixed} frames mixed, ${downlinkFrames.concealed} concealed, ` +
      `${downlinkFrames.late} packets late, ${downlinkFrames.silent} silent, ${downlinkFrames.skipped} skipped, ` +
      `${downlinkFrames.stretched} stretched, ${downlinkFrames.dropped} dropped`
    : '';
  log.info(
    { callSid, reason, uplink, downlink, downlinkFrames },
    `call ${callSid} ended (${reason}); bridge delay ms: ` +
      `uplink p50 ${ms(uplink.p50)} p95 ${ms(uplink.p95)} (${uplink.count} frames), ` +
      `downlink p50 ${ms(downlink.p50)} p95 ${ms(downlink.p95)} (${downlink.count} frames)${frames}`,
  );
}
