import { RtpHeader, RtpPacket } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectJanus, type JanusConnection } from './janus-client.ts';
import { type JanusSupervisor, startJanus } from './janus-supervisor.ts';
import { joinAsRtpParticipant, type MediaKind, type RtpParticipant } from './rtp-participant.ts';
import { createSfuRooms, type SfuRooms } from './sfu-rooms.ts';

// Debian's Janus, started for these tests (CI installs it). Two server-side participants in one room:
// what one writes, the other receives through Janus.
describe('a server-side participant of a VideoRoom (werift)', () => {
  let janus: JanusSupervisor;
  let rooms: SfuRooms;
  const connections: JanusConnection[] = [];
  const participants: RtpParticipant[] = [];
  const join = async (feedId: string, publish: MediaKind[]) => {
    const connection = await connectJanus({ url: janus.endpoint.wsUrl, secret: janus.endpoint.apiSecret, timeoutMs: 5_000 });
    connections.push(connection);
    const participant = await joinAsRtpParticipant({ janus: connection, meetingId: 'room-rtp', feedId, display: feedId, publish });
    participants.push(participant);
    return participant;
  };

  beforeAll(async () => {
    janus = await startJanus({ iceEnforceList: '127.0.0.1', rtpPortRange: '44000-44199' });
    rooms = createSfuRooms({ endpoint: janus.endpoint, maxPublishers: 10 });
    await rooms.ensure('room-rtp');
  }, 30_000);
  afterAll(async () => {
    for (const participant of participants) await participant.close();
    for (const connection of connections) connection.close();
    rooms?.close();
    await janus?.stop();
  });

  it('publishes the RTP it is given as its feed, and receives another feed’s RTP', async () => {
    const ada = await join('ada', ['audio', 'video']);
    const bob = await join('bob', []);
    await ada.connected;
    await expect.poll(() => rooms.publishers('room-rtp'), { timeout: 10_000 }).toEqual(['ada']);
    // Janus tells the room once Ada's media is up (Bob may have joined before or after).
    await expect
      .poll(() => [...bob.feeds().values()], { timeout: 10_000 })
      .toEqual([{ id: 'ada', display: 'ada', kinds: ['audio', 'video'] }]);

    const received: Record<MediaKind, number[]> = { audio: [], video: [] };
    const subscription = await bob.subscribe('ada', ['audio'], (kind, packet) => received[kind].push(packet.payload[0]!));
    await subscription.connected;
    let seq = 0;
    const timer = setInterval(() => {
      seq += 1;
      ada.writeRtp(
        'audio',
        new RtpPacket(new RtpHeader({ sequenceNumber: seq, timestamp: seq * 960 }), Buffer.from([seq & 0xff, 0xff, 0xfe])),
      );
      ada.writeRtp(
        'video',
        new RtpPacket(new RtpHeader({ sequenceNumber: seq, timestamp: seq * 6000, marker: true }), Buffer.from([0x10, 0, 0x9d])),
      );
    }, 20);
    try {
      await expect.poll(() => received.audio.length, { timeout: 10_000 }).toBeGreaterThan(10);
      // Ada's packets, in her order (the first bytes we wrote), and no video: Bob declined it.
      const firsts = received.audio.slice(-5);
      for (let i = 1; i < firsts.length; i++) expect(firsts[i]).toBe((firsts[i - 1]! + 1) & 0xff);
      expect(received.video).toEqual([]);
    } finally {
      clearInterval(timer);
    }
    subscription.close();
  });

  it('hears feeds come and go', async () => {
    const watcher = await join('carol', []);
    const seen: string[][] = [];
    watcher.onFeeds((feeds) => seen.push([...feeds.keys()].sort()));
    const dave = await join('dave', ['audio']);
    await expect.poll(() => seen.at(-1), { timeout: 10_000 }).toContain('dave');
    await dave.close();
    await expect.poll(() => seen.at(-1)?.includes('dave'), { timeout: 10_000 }).toBe(false);
  });
});
