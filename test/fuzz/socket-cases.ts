import { connect } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import WebSocket from 'ws';
import { jsonText, malformedJson, pathSegment, weirdString } from './arbitraries.ts';
import type { Participant, SocketRig } from './socket-rig.ts';

/**
 * Generated traffic for the server's sockets: upgrade requests written by hand (any path,
 * query and handshake headers), and frames sent on an open room channel, PeerJS socket or
 * Media Stream. The property: the server lives on (no crash, still answers), and the store,
 * chat and files are as before.
 */
export type Frame = { binary: boolean; text: string };
export type Endpoint = 'room' | 'peer' | 'dial-in';
export type SocketCase =
  | { kind: 'upgrade'; path: string; headers: [string, string][]; dropKey: boolean; version: string }
  | { kind: 'frames'; endpoint: Endpoint; frames: Frame[] }
  | { kind: 'http'; method: string; path: string };

const encodeOrKeep = (s: string) => {
  try {
    return encodeURI(s);
  } catch {
    return s;
  }
};
const printable = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const credential = fc.oneof(fc.constantFrom('$id', '$token', '$meeting', '', 'peerjs'), printable);

const upgradePath = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.constant('$meeting'),
        fc
          .tuple(pathSegment, fc.boolean())
          .map(([seg, raw]) => (raw ? seg : encodeOrKeep(seg)))
          // biome-ignore lint/suspicious/noControlCharactersInRegex: paths that can be written on a request line
          .filter((s) => !/[\s\u0000-\u001f\u007f-\uffff]/.test(s)),
      ),
      credential,
      credential,
    )
    .map(([room, id, token]) => `/ws/rooms/${room}?participantId=${id}&token=${token}`),
  fc
    .tuple(fc.oneof(fc.constant('$meeting'), fc.constantFrom('%zz', 'x', '..%2f', '')), credential, credential, credential)
    .map(([room, key, id, token]) => `/peerjs/m/${room}/peerjs?key=${key}&id=${id}&token=${token}`),
  fc.tuple(credential, credential, credential).map(([key, id, token]) => `/peerjs/peerjs?key=${key}&id=${id}&token=${token}`),
  fc
    .tuple(fc.oneof(fc.constant('$meeting'), fc.constantFrom('%zz', '%', '..%2f', 'x')), credential, credential)
    .map(([room, id, token]) => `/ws/lobby/${room}?waiterId=${id}&token=${token}`),
  fc
    .tuple(fc.oneof(fc.constant('$meeting'), fc.constantFrom('%zz', '%', '..%2f', 'x')), credential, credential)
    .map(([room, id, token]) => `/ws/sfu/${room}?participantId=${id}&token=${token}`),
  printable.map((q) => `/ws/dial-in?${q}`),
  fc.constantFrom(
    '/ws/rooms/',
    '/ws/rooms',
    '/ws/roomsX',
    '/peerjs',
    '/peerjs/',
    '/ws/dial-in/',
    '/',
    '*',
    '//',
    '/ws/rooms/%zz',
    '/ws/rooms/%00?participantId=%zz',
    '/ws/lobby/',
    '/ws/lobby/%zz',
    '/ws/sfu/',
    '/ws/sfu/%zz',
  ),
  printable.map((p) => `/${p}`),
);

const clientMessage = fc
  .oneof(
    fc.record({
      type: fc.constantFrom('media-state'),
      audioMuted: fc.oneof(fc.boolean(), fc.jsonValue()),
      videoMuted: fc.oneof(fc.boolean(), fc.jsonValue()),
    }),
    fc.record({ type: fc.constant('screen-share'), active: fc.oneof(fc.boolean(), fc.jsonValue()) }),
    fc.record({ type: fc.constant('ping'), at: fc.oneof(fc.integer(), fc.jsonValue()) }),
    fc.record(
      { type: fc.oneof(fc.constantFrom('leave', 'welcome', 'chat-message', '__proto__', 'constructor'), weirdString) },
      { requiredKeys: [] },
    ),
  )
  .map((m) => JSON.stringify(m));

const peerMessage = fc
  .record(
    {
      type: fc.oneof(
        fc.constantFrom('OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE', 'HEARTBEAT', 'OPEN', 'ID-TAKEN', '__proto__'),
        weirdString,
      ),
      dst: fc.oneof(fc.constantFrom('$other', '$id', ''), weirdString, fc.jsonValue()),
      payload: fc.jsonValue(),
    },
    { requiredKeys: [] },
  )
  .map((m) => JSON.stringify(m));

const twilioMessage = fc
  .oneof(
    fc.record({ event: fc.constant('connected'), protocol: fc.oneof(fc.constant('Call'), fc.jsonValue()) }),
    fc.record({
      event: fc.constant('start'),
      streamSid: fc.oneof(fc.constant('MZ01'), fc.jsonValue()),
      start: fc.record(
        {
          callSid: fc.oneof(fc.constant('CA01'), fc.jsonValue()),
          customParameters: fc.oneof(fc.record({ ticket: fc.oneof(weirdString, fc.constant('')) }), fc.jsonValue()),
          mediaFormat: fc.oneof(
            fc.record({
              encoding: fc.constantFrom('audio/x-mulaw', 'audio/l16'),
              sampleRate: fc.constantFrom(8000, 16000, -1),
              channels: fc.constantFrom(1, 2, 0),
            }),
            fc.jsonValue(),
          ),
        },
        { requiredKeys: [] },
      ),
    }),
    fc.record(
      { event: fc.constantFrom('media', 'mark', 'dtmf', 'stop'), media: fc.jsonValue(), mark: fc.jsonValue(), dtmf: fc.jsonValue() },
      { requiredKeys: ['event'] },
    ),
  )
  .map((m) => JSON.stringify(m));

const frameFor = (endpoint: Endpoint): fc.Arbitrary<Frame> =>
  fc.oneof(
    {
      arbitrary: (endpoint === 'room' ? clientMessage : endpoint === 'peer' ? peerMessage : twilioMessage).map((text) => ({
        binary: false,
        text,
      })),
      weight: 5,
    },
    { arbitrary: fc.oneof(jsonText, malformedJson).map((text) => ({ binary: false, text })), weight: 2 },
    { arbitrary: fc.string({ maxLength: 300 }).map((text) => ({ binary: true, text })), weight: 1 },
  );

/** Plain requests written by hand, mostly to where the PeerServer's HTTP routes used to be (the API has its own fuzzing). */
const httpPath = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.constantFrom('peerjs', 'id', 'peers', '$id', '$token', 'offer', 'candidate', 'leave'),
        // biome-ignore lint/suspicious/noControlCharactersInRegex: paths that can be written on a request line
        pathSegment.filter((s) => !/[\s\u0000-\u001f\u007f-\uffff?#]/.test(s)),
      ),
      { maxLength: 4 },
    )
    .map((parts) => `/peerjs/${parts.join('/')}`),
  printable.map((p) => `/peerjs/peerjs/id?${p}`),
  printable.map((p) => `/${p}`),
);

export const socketCase: fc.Arbitrary<SocketCase> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('http' as const),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'),
      path: httpPath,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('upgrade' as const),
      path: upgradePath,
      headers: fc.array(
        fc.tuple(fc.constantFrom('origin', 'sec-websocket-protocol', 'sec-websocket-extensions', 'x-forwarded-for', 'cookie'), printable),
        { maxLength: 2 },
      ),
      dropKey: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
      version: fc.oneof({ arbitrary: fc.constant('13'), weight: 6 }, { arbitrary: fc.constantFrom('8', 'x', ''), weight: 1 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.constantFrom<Endpoint>('room', 'peer', 'dial-in').chain((endpoint) =>
      fc.record({
        kind: fc.constant('frames' as const),
        endpoint: fc.constant(endpoint),
        frames: fc.array(frameFor(endpoint), { minLength: 1, maxLength: 6 }),
      }),
    ),
    weight: 3,
  },
);

const fill = (text: string, p: Participant, other: Participant, meetingId: string) =>
  text
    .replaceAll('$meeting', meetingId)
    .replaceAll('$other', other.id)
    .replaceAll('$token', encodeURIComponent(p.token))
    .replaceAll('$id', p.id);

/** Writes an upgrade request by hand (so any path gets through) and waits for the answer or the close. */
function rawUpgrade(port: number, c: Extract<SocketCase, { kind: 'upgrade' }>, target: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const lines = [
      `GET ${target} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Version: ${c.version}`,
    ];
    if (!c.dropKey) lines.push('Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
    for (const [name, value] of c.headers) lines.push(`${name}: ${value}`);
    socket.on('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    // An accepted socket stays open: what it got first is enough.
    socket.on('data', () => setTimeout(done, 20));
    socket.on('error', done);
    socket.on('close', done);
    const timer = setTimeout(done, 2_000);
  });
}

/** A request written by hand; the answer's status line and body. */
function rawRequest(port: number, method: string, target: string): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('connect', () =>
      socket.write(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`),
    );
    socket.on('data', (d) => (data += d.toString('latin1')));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const [head = '', body = ''] = data.split('\r\n\r\n', 2);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    };
    socket.on('close', done);
    socket.on('error', done);
    const timer = setTimeout(done, 3_000);
  });
}

function openSocket(url: string): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', () => resolve(null));
    ws.once('unexpected-response', () => resolve(null));
  });
}

/** Sends the frames and waits until the server had time to act on them (an echo, or a close). */
async function sendFrames(ws: WebSocket, frames: Frame[], fillText: (t: string) => string) {
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  for (const frame of frames) {
    if (ws.readyState !== WebSocket.OPEN) break;
    const text = fillText(frame.text);
    ws.send(frame.binary ? Buffer.from(text) : text);
  }
  await Promise.race([closed, new Promise((r) => setTimeout(r, 30))]);
  ws.terminate();
}

export interface SocketOutcome {
  failure: string | null;
}

/** Runs one case against the rig and checks that the server lived through it and kept its state. */
export async function checkSocketCase(rig: SocketRig, c: SocketCase): Promise<SocketOutcome> {
  const before = await rig.snapshot();
  const crashesBefore = rig.crashes.length;
  const me = await rig.join();
  const other = await rig.join();
  const fillText = (t: string) => fill(t, me, other, rig.meetingId);
  const base = `ws://127.0.0.1:${rig.port}`;
  let what: string;
  if (c.kind === 'http') {
    const target = fillText(c.path);
    what = `${c.method} ${target.slice(0, 120)}`;
    const res = await rawRequest(rig.port, c.method, target);
    await rig.leave(me);
    await rig.leave(other);
    if (res.status === 0 || res.status >= 500) return { failure: `${what}: answered ${res.status} ${res.body.slice(0, 200)}` };
    if (/\n\s+at |node_modules|&nbsp;at /.test(res.body))
      return { failure: `${what}: stack trace in the answer: ${res.body.slice(0, 200)}` };
    if (res.status >= 400 && c.method !== 'HEAD' && !/^content-type: application\/json/im.test(res.head)) {
      return { failure: `${what}: error ${res.status} not in our JSON shape: ${res.body.slice(0, 200)}` };
    }
    return { failure: null };
  }
  if (c.kind === 'upgrade') {
    const target = fillText(c.path);
    what = `upgrade ${target.slice(0, 120)}`;
    await rawUpgrade(rig.port, c, target);
  } else {
    what = `${c.endpoint} frames ${c.frames.map((f) => fillText(f.text).slice(0, 80)).join(' ¦ ')}`;
    const url =
      c.endpoint === 'room'
        ? `${base}/ws/rooms/${rig.meetingId}?participantId=${me.id}&token=${encodeURIComponent(me.token)}`
        : c.endpoint === 'peer'
          ? `${base}/peerjs/m/${rig.meetingId}/peerjs?key=peerjs&id=${me.id}&token=${encodeURIComponent(me.token)}`
          : `${base}/ws/dial-in`;
    const ws = await openSocket(url);
    if (!ws) return { failure: `${what}: could not open the socket` };
    await sendFrames(ws, c.frames, fillText);
  }
  await rig.leave(me);
  await rig.leave(other);
  if (rig.crashes.length > crashesBefore) return { failure: `${what}: the process would have crashed: ${rig.crashes.at(-1)}` };
  if (!(await rig.alive())) return { failure: `${what}: the server stopped answering` };
  const after = await rig.snapshot();
  if (!isDeepStrictEqual(before, after)) return { failure: `${what}: the state changed: ${JSON.stringify(after).slice(0, 300)}` };
  return { failure: null };
}
