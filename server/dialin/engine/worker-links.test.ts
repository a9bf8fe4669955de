import { describe, expect, it } from 'vitest';
import type { RtcLinkOptions } from '../bridge/rtc-link.ts';
import type { LinkCommand, LinkEvent } from './link-commands.ts';
import { type WorkerLink, WorkerLinks } from './worker-links.ts';

/** A link that records what it was asked, and lets the test play the remote (its options' callbacks). */
class RecordedLink implements WorkerLink {
  readonly calls: string[] = [];
  readonly sent: number[] = [];
  fail: Error | null = null;
  readonly options: RtcLinkOptions;
  constructor(options: RtcLinkOptions) {
    this.options = options;
  }
  private async step(name: string) {
    this.calls.push(name);
    if (this.fail) throw this.fail;
  }
  offer = () => this.step('offer');
  answer = (sdp: string) => this.step(`answer ${sdp}`);
  acceptAnswer = (sdp: string) => this.step(`accept ${sdp}`);
  addCandidate = async () => this.step('candidate');
  sendOpus(_payload: Buffer, sequenceNumber: number) {
    this.sent.push(sequenceNumber);
  }
  close() {
    this.calls.push('close');
    this.options.onClosed();
  }
}

function rig() {
  const created: RecordedLink[] = [];
  const events: LinkEvent[] = [];
  const packets: [callId: number, voiceId: number, timestamp: number][] = [];
  const links = new WorkerLinks({
    roomPacket: (callId, voiceId, timestamp) => packets.push([callId, voiceId, timestamp]),
    post: (event) => events.push(event),
    now: () => 1,
    createLink: (options) => {
      const link = new RecordedLink(options);
      created.push(link);
      return link;
    },
  });
  const open = (callId: number, linkId: number, voiceId: number): RecordedLink => {
    const command: LinkCommand = {
      op: 'open',
      remoteId: `r${linkId}`,
      connectionId: `mc_${linkId}`,
      iceServers: [],
      streamId: 's',
      voiceId,
    };
    links.command(callId, linkId, command);
    return created.at(-1)!;
  };
  return { links, events, packets, open };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('WorkerLinks (a call’s WebRTC links inside its audio worker)', () => {
  it('mixes what a link receives as its voice, until that voice is removed', () => {
    const { links, packets, open } = rig();
    const a = open(1, 10, 3);
    const b = open(1, 11, 4);
    a.options.onOpus(Buffer.of(1), 0, 960);
    b.options.onOpus(Buffer.of(1), 0, 1920);
    links.voiceRemoved(1, 3); // heard through the SFU now
    a.options.onOpus(Buffer.of(1), 1, 2880);
    b.options.onOpus(Buffer.of(1), 1, 3840);
    expect(packets).toEqual([
      [1, 3, 960],
      [1, 4, 1920],
      [1, 4, 3840],
    ]);
  });

  it('never mixes a link opened as voice 0', () => {
    const { packets, open } = rig();
    open(1, 10, 0).options.onOpus(Buffer.of(1), 0, 960);
    expect(packets).toEqual([]);
  });

  it("sends the caller's Opus on every link of that call and no other", () => {
    const { links, open } = rig();
    const [a, b, other] = [open(1, 10, 1), open(1, 11, 2), open(2, 12, 1)];
    links.sendCallerOpus(1, Uint8Array.of(9), 77, 0, false);
    expect([a.sent, b.sent, other.sent]).toEqual([[77], [77], []]);
  });

  it('runs negotiation steps on the link, and relays its signalling to the main thread', async () => {
    const { links, events, open } = rig();
    const a = open(1, 10, 1);
    links.command(1, 10, { op: 'answer', sdp: 'v=0' });
    links.command(1, 10, { op: 'candidate', candidate: { candidate: 'c', sdpMid: '0', sdpMLineIndex: 0 } });
    a.options.signal({ type: 'ANSWER', dst: 'r10', payload: { sdp: { type: 'answer', sdp: 'x' }, type: 'media', connectionId: 'mc_10' } });
    await flush();
    expect(a.calls).toEqual(['answer v=0', 'candidate']);
    expect(events).toEqual([{ type: 'link-signal', linkId: 10, message: expect.objectContaining({ type: 'ANSWER' }) }]);
  });

  it('closes a link whose step failed and says why, once', async () => {
    const { links, events, open } = rig();
    const a = open(1, 10, 1);
    a.fail = new Error('bad SDP');
    links.command(1, 10, { op: 'accept-answer', sdp: 'nonsense' });
    await flush();
    expect(a.calls).toEqual(['accept nonsense', 'close']);
    expect(events).toEqual([{ type: 'link-closed', linkId: 10, reason: 'bad SDP' }]);
    expect(links.size).toBe(0);
    links.command(1, 10, { op: 'offer' }); // a late command for it is ignored
    expect(a.calls).toHaveLength(2);
  });

  it('closes every link of a call with the call, and tells the main thread of each', () => {
    const { links, events, open } = rig();
    const [a, b, other] = [open(1, 10, 1), open(1, 11, 2), open(2, 12, 1)];
    links.closeCall(1);
    expect([a.calls, b.calls, other.calls]).toEqual([['close'], ['close'], []]);
    expect(events).toEqual([
      { type: 'link-closed', linkId: 10, reason: null },
      { type: 'link-closed', linkId: 11, reason: null },
    ]);
    expect(links.size).toBe(1);
  });
});
