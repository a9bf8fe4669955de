import { RtpHeader, RtpPacket } from 'werift';
import { connectJanus, type JanusConnection } from '../../sfu/janus-client.ts';
import type { JanusEndpoint } from '../../sfu/janus-supervisor.ts';
import { type FeedSubscription, joinAsRtpParticipant, type RtpParticipant } from '../../sfu/rtp-participant.ts';
import { logFor } from '../../lib/log.ts';

const log = logFor('dial-in');

export interface SfuLegOptions {
  /** Our server's way to Janus (with its API secret): the bridge is trusted, it does not use the proxy. */
  endpoint: JanusEndpoint;
  meetingId: string;
  /** The phone participant: its feed id. */
  participantId: string;
  displayName: string;
  /** An Opus packet from a participant's feed (feed ids are participant ids). */
  onOpus: (participantId: string, payload: Buffer, timestamp: number) => void;
  /** A participant's feed went away (left, unpublished). */
  onFeedGone: (participantId: string) => void;
  /** Our Janus connection closed (Janus restarted, or we closed it). Called once. */
  onClosed: () => void;
}

/**
 * A phone caller on the meeting's VideoRoom (server/sfu/rtp-participant.ts): the caller's Opus
 * published as the phone participant's own feed, every other feed's audio subscribed to (their
 * video declined) and handed to the bridge's mix, as its mesh links do.
 */
export class SfuLeg {
  private readonly subscriptions = new Map<string, Promise<FeedSubscription | null>>();
  /** Feeds whose audio reached us through Janus. */
  private readonly heard = new Set<string>();
  private closed = false;
  private stopFeeds = () => {};

  private readonly options: SfuLegOptions;
  private readonly janus: JanusConnection;
  private readonly participant: RtpParticipant;
  private constructor(options: SfuLegOptions, janus: JanusConnection, participant: RtpParticipant) {
    this.options = options;
    this.janus = janus;
    this.participant = participant;
  }

  static async open(options: SfuLegOptions): Promise<SfuLeg> {
    const janus = await connectJanus({ url: options.endpoint.wsUrl, secret: options.endpoint.apiSecret });
    try {
      const participant = await joinAsRtpParticipant({
        janus,
        meetingId: options.meetingId,
        feedId: options.participantId,
        display: options.displayName,
        publish: ['audio'],
      });
      const leg = new SfuLeg(options, janus, participant);
      janus.onClose(() => leg.close());
      leg.stopFeeds = participant.onFeeds(() => leg.sync());
      leg.sync();
      return leg;
    } catch (error) {
      janus.close();
      throw error;
    }
  }

  /** Audio from this participant reaches us through Janus (their mesh link, if any, is redundant). */
  hears(participantId: string): boolean {
    return this.heard.has(participantId);
  }

  /** One Opus packet of the caller's voice, on the 48 kHz RTP clock. */
  sendOpus(payload: Buffer, sequenceNumber: number, timestamp: number, marker: boolean): void {
    if (!this.closed) this.participant.writeRtp('audio', new RtpPacket(new RtpHeader({ sequenceNumber, timestamp, marker }), payload));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopFeeds();
    for (const pending of this.subscriptions.values()) void pending.then((s) => s?.close());
    this.subscriptions.clear();
    void this.participant.close().finally(() => this.janus.close());
    this.options.onClosed();
  }

  /** Subscribes to the audio of every feed that has it; lets go of feeds that left. */
  private sync(): void {
    if (this.closed) return;
    const feeds = this.participant.feeds();
    for (const [id, feed] of feeds) {
      if (this.subscriptions.has(id) || !feed.kinds.includes('audio')) continue;
      const placed = this.participant
        .subscribe(id, ['audio'], (_kind, packet) => {
          if (this.subscriptions.get(id) !== placed) return;
          this.heard.add(id);
          this.options.onOpus(id, packet.payload, packet.header.timestamp);
        })
        .catch((error: Error) => {
          log.warn(`the phone bridge could not subscribe to ${id} on the SFU: ${error.message}`);
          if (this.subscriptions.get(id) === placed) this.subscriptions.delete(id);
          return null;
        });
      this.subscriptions.set(id, placed);
    }
    for (const [id, pending] of this.subscriptions) {
      if (feeds.has(id)) continue;
      this.subscriptions.delete(id);
      this.heard.delete(id);
      void pending.then((s) => s?.close());
      this.options.onFeedGone(id);
    }
  }
}

export interface SfuSeatOptions extends Omit<SfuLegOptions, 'endpoint' | 'onClosed' | 'participantId'> {
  /** Our server's way to Janus now (null while it is not running). */
  endpoint: () => JanusEndpoint | null;
  /** How long to wait before joining again after Janus went away or refused. */
  retryMs?: number;
}

/**
 * The caller's place on the SFU for the whole call: an `SfuLeg` opened on `join()`, and opened again
 * (every `retryMs`) whenever Janus goes away or refuses, until `close()`.
 */
export function keepSfuSeat({ endpoint, retryMs = 2_000, ...options }: SfuSeatOptions) {
  let leg: SfuLeg | null = null;
  let opening = false;
  let participantId: string | null = null;
  let closed = false;
  const retry = () => {
    if (!closed) setTimeout(() => void open(), retryMs).unref();
  };
  const open = async (): Promise<void> => {
    if (closed || leg || opening || participantId === null) return;
    // Janus between a crash and its restart: the meeting gets its room back, and we our place in it.
    const to = endpoint();
    if (!to) return retry();
    opening = true;
    try {
      const opened = await SfuLeg.open({
        ...options,
        participantId,
        endpoint: to,
        onClosed: () => {
          if (leg !== opened) return;
          leg = null;
          retry();
        },
      });
      if (closed) opened.close();
      else leg = opened;
    } catch (error) {
      log.warn(`the phone bridge could not join the meeting's SFU room: ${(error as Error).message}`);
      retry();
    } finally {
      opening = false;
    }
  };
  return {
    /** The meeting is on the SFU: join its room as the phone participant (once; again after a loss). */
    join(phoneParticipantId: string) {
      participantId = phoneParticipantId;
      void open();
    },
    hears: (participantId: string) => leg?.hears(participantId) ?? false,
    sendOpus: (payload: Buffer, sequenceNumber: number, timestamp: number, marker: boolean) =>
      leg?.sendOpus(payload, sequenceNumber, timestamp, marker),
    close() {
      closed = true;
      leg?.close();
      leg = null;
    },
  };
}

export type SfuSeat = ReturnType<typeof keepSfuSeat>;
