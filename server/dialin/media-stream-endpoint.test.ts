import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMemoryStorage } from '../storage/lowdb/lowdb-storage.ts';
import type { CallerStream, CallerStreamHandler } from './caller-stream.ts';
import { createDialInService, type BridgeStarter } from './dial-in-service.ts';
import { createMediaStreamEndpoint } from './media-stream-endpoint.ts';

const noStats = {
  uplink: { count: 0, p50: 0, p95: 0, max: 0 },
  downlink: { count: 0, p50: 0, p95: 0, max: 0 },
  connections: 0,
  playoutLagMs: 0,
};

describe('Media Streams endpoint', () => {
  const storage = createMemoryStorage({
    meetings: [
      {
        id: 'MeetingAAAAAAAAAAAAAAA',
        title: 't',
        startsAt: '2026-12-01T09:00:00Z',
        durationMinutes: 5,
        createdAt: '2026-11-01T09:00:00Z',
        ownerId: 'u',
        linkToken: 't',
      },
    ],
  });
  const heard: { audio: number[]; dtmf: string[]; ended: string[] } = { audio: [], dtmf: [], ended: [] };
  let caller: CallerStream | null = null;
  const startBridge: BridgeStarter = async ({ caller: c, onEnded }) => {
    caller = c;
    const handler: CallerStreamHandler = {
      audio: (mulaw) => heard.audio.push(mulaw.length),
      dtmf: (d) => heard.dtmf.push(d),
      mark: () => undefined,
      ended: (reason) => {
        heard.ended.push(reason);
        onEnded(reason);
      },
    };
    c.attach(handler);
    return { participantId: 'PhoneAAAAAAAAAAAAAAAAA', muted: false, setMuted() {}, hangUp: (r) => c.hangUp(r), stats: () => noStats };
  };
  const dialIn = createDialInService({
    config: { dialIn: { number: '1', authToken: 't', maxCalls: 5 } },
    meetings: storage.meetings,
    startBridge,
  });
  const endpoint = createMediaStreamEndpoint(dialIn, { startTimeoutMs: 300, maxBadFrames: 2 });
  const server = createServer();
  server.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head));
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws/dial-in`;
  });
  afterAll(() => {
    endpoint.close();
    server.close();
  });

  async function open() {
    const ws = new WebSocket(url);
    const received: unknown[] = [];
    ws.on('message', (d) => received.push(JSON.parse(d.toString())));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.once('open', resolve));
    const send = (m: unknown) => ws.send(typeof m === 'string' ? m : JSON.stringify(m));
    return { ws, send, closed, received };
  }
  const start = (ticket: string, callSid = lastCallSid, mediaFormat = { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 }) => ({
    event: 'start',
    sequenceNumber: '1',
    streamSid: 'MZ1',
    start: { streamSid: 'MZ1', accountSid: 'AC1', callSid, tracks: ['inbound'], customParameters: { ticket }, mediaFormat },
  });
  const media = (bytes: number) => ({
    event: 'media',
    streamSid: 'MZ1',
    media: { track: 'inbound', chunk: '1', timestamp: '5', payload: Buffer.alloc(bytes, 0xff).toString('base64') },
  });
  // One ticket per call: each test's call has its own CallSid.
  let calls = 0;
  let lastCallSid = 'CA1';
  const ticket = () => {
    lastCallSid = `CAtest${++calls}`;
    return dialIn.issueTicket({ meetingId: 'MeetingAAAAAAAAAAAAAAA', callSid: lastCallSid, caller: '+15551234567' })!;
  };

  it('bridges a call with a valid ticket: audio and DTMF reach the bridge, the bridge can talk back, stop ends it', async () => {
    const c = await open();
    c.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    c.send(start(ticket()));
    await expect.poll(() => dialIn.activeCalls().length).toBe(1); // frames before that are not bridged
    c.send(media(160));
    c.send({ event: 'dtmf', streamSid: 'MZ1', sequenceNumber: '3', dtmf: { track: 'inbound_track', digit: '5' } });
    await expect.poll(() => heard.dtmf).toEqual(['5']);
    expect(heard.audio).toEqual([160]);
    caller!.sendAudio(new Uint8Array(160));
    caller!.sendMark('m1');
    caller!.clear();
    await expect.poll(() => c.received.length).toBe(3);
    expect(c.received).toEqual([
      { event: 'media', streamSid: 'MZ1', media: { payload: Buffer.alloc(160).toString('base64') } },
      { event: 'mark', streamSid: 'MZ1', mark: { name: 'm1' } },
      { event: 'clear', streamSid: 'MZ1' },
    ]);
    c.send({ event: 'stop', sequenceNumber: '4', streamSid: 'MZ1', stop: { accountSid: 'AC1', callSid: lastCallSid } });
    expect(await c.closed).toBe(1000);
    expect(heard.ended).toEqual(['the caller hung up']);
    expect(dialIn.activeCalls()).toEqual([]);
  });

  it.each([
    ['a forged ticket', () => [start('forged')], 1008],
    ['a ticket of another call', () => [start(ticket(), 'CA2')], 1008],
    ['media before start', () => [media(160)], 1008],
    ['a frame that is not JSON', () => ['{nope'], 1008],
    ['a frame of the wrong shape', () => [{ event: 'start', start: {} }], 1008],
    ['another audio format', () => [start(ticket(), 'CA1', { encoding: 'audio/l16', sampleRate: 16000, channels: 1 })], 1003],
  ])('closes the socket on %s', async (_what, frames, code) => {
    const c = await open();
    for (const frame of frames()) c.send(frame);
    expect(await c.closed).toBe(code);
  });

  it('closes a socket that never starts, and one that sends binary', async () => {
    expect(await (await open()).closed).toBe(1008);
    const c = await open();
    c.ws.send(Buffer.from([1, 2, 3]));
    expect(await c.closed).toBe(1003);
  });

  it('tolerates a few bad frames during a call, not a flood', async () => {
    const c = await open();
    c.send(start(ticket()));
    await expect.poll(() => dialIn.activeCalls().length).toBe(1);
    c.send('{bad');
    c.send('{bad');
    c.send(media(160));
    await expect.poll(() => heard.audio.length).toBe(2);
    c.send('{bad');
    expect(await c.closed).toBe(1008);
  });
});
