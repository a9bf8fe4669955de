import { RtpHeader, RtpPacket } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectJanus, type JanusConnection } from '../../sfu/janus-client.ts';
import { type JanusSupervisor, startJanus } from '../../sfu/janus-supervisor.ts';
import { joinAsRtpParticipant, type RtpParticipant } from '../../sfu/rtp-participant.ts';
import { createSfuRooms, type SfuRooms } from '../../sfu/sfu-rooms.ts';
import { keepSfuSeat, SfuLeg } from './sfu-leg.ts';

// Debian's Janus (CI installs it): a phone caller's leg and a participant in one VideoRoom.
describe("a phone caller's leg on the SFU", () => {
  let janus: JanusSupervisor;
  let rooms: SfuRooms;
  let connection: JanusConnection;
  let page: RtpParticipant;
  let leg: SfuLeg | null = null;

  beforeAll(async () => {
    janus = await startJanus({ iceEnforceList: '127.0.0.1', rtpPortRange: '44200-44399' });
    rooms = createSfuRooms({ endpoint: janus.endpoint, maxPublishers: 10 });
    await rooms.ensure('room-phone');
    connection = await connectJanus({ url: janus.endpoint.wsUrl, secret: janus.endpoint.apiSecret });
  }, 30_000);
  afterAll(async () => {
    leg?.close();
    await page?.close();
    connection?.close();
    rooms?.close();
    await janus?.stop();
  });

  it("publishes the caller as the phone participant's feed, and hands on everyone's audio until they go", async () => {
    page = await joinAsRtpParticipant({
      janus: connection,
      meetingId: 'room-phone',
      feedId: 'page',
      display: 'Page',
      publish: ['audio', 'video'],
    });
    const heard: number[] = [];
    const gone: string[] = [];
    leg = await SfuLeg.open({
      endpoint: janus.endpoint,
      meetingId: 'room-phone',
      participantId: 'phone-1',
      displayName: 'Phone ·· 4567',
      onOpus: (id, payload) => id === 'page' && heard.push(payload[0]!),
      onFeedGone: (id) => gone.push(id),
      onClosed: () => undefined,
    });
    const fromPhone: number[] = [];
    let subscribed = false;
    let seq = 0;
    const timer = setInterval(() => {
      seq += 1;
      page.writeRtp('audio', new RtpPacket(new RtpHeader({ sequenceNumber: seq, timestamp: seq * 960 }), Buffer.from([seq & 0xff, 0xff])));
      leg!.sendOpus(Buffer.from([0x80 | (seq & 0x7f), 0xff]), seq, seq * 960, false);
      if (!subscribed && page.feeds().has('phone-1')) {
        subscribed = true;
        void page.subscribe('phone-1', ['audio'], (_kind, packet) => fromPhone.push(packet.payload[0]!));
      }
    }, 20);
    try {
      await expect.poll(() => rooms.publishers('room-phone').then((p) => p.sort()), { timeout: 10_000 }).toEqual(['page', 'phone-1']);
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBeGreaterThan(10);
      expect(leg.hears('page')).toBe(true);
      await expect.poll(() => fromPhone.length, { timeout: 10_000 }).toBeGreaterThan(10);
      expect(fromPhone.every((b) => b >= 0x80)).toBe(true);
    } finally {
      clearInterval(timer);
    }
    await page.close();
    await expect.poll(() => gone, { timeout: 10_000 }).toEqual(['page']);
    expect(leg.hears('page')).toBe(false);
  });
  it('keeps the caller’s place: joins once Janus answers, and leaves with the call', async () => {
    let reachable = false;
    const seat = keepSfuSeat({
      endpoint: () => (reachable ? janus.endpoint : null),
      retryMs: 100,
      meetingId: 'room-phone',
      displayName: 'Phone ·· 0001',
      onOpus: () => undefined,
      onFeedGone: () => undefined,
    });
    try {
      seat.join('phone-2');
      expect(await rooms.publishers('room-phone')).not.toContain('phone-2');
      reachable = true;
      // Its feed shows once media flows: the caller speaks.
      let seq = 0;
      const timer = setInterval(() => seat.sendOpus(Buffer.from([0xf8, 0xff, 0xfe]), ++seq, seq * 960, false), 20);
      try {
        await expect.poll(() => rooms.publishers('room-phone'), { timeout: 10_000 }).toContain('phone-2');
      } finally {
        clearInterval(timer);
      }
    } finally {
      seat.close();
    }
    await expect.poll(() => rooms.publishers('room-phone'), { timeout: 10_000 }).not.toContain('phone-2');
  });
});
