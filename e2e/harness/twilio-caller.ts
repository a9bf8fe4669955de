import { createHmac, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { parseOutboundMessage } from '../../shared/dialin/media-stream.ts';
import { pcmToMulaw } from '../../server/dialin/audio/mulaw.ts';
import { sineFrame } from '../../test/server/audio-signal.ts';

/**
 * Plays Twilio's part in tests and benchmarks: signed voice webhooks, then the
 * bidirectional Media Stream exactly as documented (connected, start, media every
 * 20 ms, mark, dtmf, stop), checking every frame the server sends back.
 */

/** Twilio's signature, computed here on its own (not with the server's code). */
export function signTwilio(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(data).digest('base64');
}

export interface WebhookReply {
  status: number;
  text: string;
}

/** POSTs a form to a webhook URL, signed with `authToken` (or with a given signature). */
export async function postWebhook(
  url: string,
  params: Record<string, string>,
  authToken: string,
  signature?: string | null,
): Promise<WebhookReply> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const sig = signature === undefined ? signTwilio(authToken, url, params) : signature;
  if (sig !== null) headers['x-twilio-signature'] = sig;
  const res = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  return { status: res.status, text: await res.text() };
}

export interface StreamInstruction {
  url: string;
  parameters: Record<string, string>;
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!);

/** `<Connect><Stream url=…><Parameter …/>` of a TwiML reply, or null. */
export function streamOf(twiml: string): StreamInstruction | null {
  const stream = /<Stream url="([^"]*)">(.*?)<\/Stream>/.exec(twiml);
  if (!stream) return null;
  const parameters: Record<string, string> = {};
  for (const m of stream[2]!.matchAll(/<Parameter name="([^"]*)" value="([^"]*)"\/>/g)) parameters[unescapeXml(m[1]!)] = unescapeXml(m[2]!);
  return { url: unescapeXml(stream[1]!), parameters };
}

/** `action` of the TwiML's `<Gather>`, or null. */
export const gatherActionOf = (twiml: string) => {
  const m = /<Gather [^>]*action="([^"]*)"/.exec(twiml);
  return m ? unescapeXml(m[1]!) : null;
};

/** `<Redirect>` of a TwiML reply (a caller held in the waiting room), or null. */
export const redirectOf = (twiml: string) => {
  const m = /<Redirect[^>]*>([^<]*)<\/Redirect>/.exec(twiml);
  return m ? unescapeXml(m[1]!) : null;
};

/**
 * A caller held in the waiting room, as Twilio keeps them: it follows each `<Redirect>` after the
 * reply's `<Pause>` (shortened here to `pauseMs`), until the reply connects a stream or hangs up.
 */
export async function holdTheLine(
  reply: WebhookReply,
  authToken: string,
  call: { callSid: string; from: string },
  pauseMs = 200,
): Promise<WebhookReply> {
  let current = reply;
  for (let next = redirectOf(current.text); next; next = redirectOf(current.text)) {
    await new Promise((r) => setTimeout(r, pauseMs));
    current = await postWebhook(
      next,
      { CallSid: call.callSid, From: call.from, To: '+15550100199', AccountSid: 'AC0', CallStatus: 'in-progress' },
      authToken,
    );
  }
  return current;
}

export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;

/** Dials in: incoming-call webhook, then the PIN; returns the last TwiML reply. */
export async function dialIn(
  origin: string,
  authToken: string,
  call: { callSid: string; from: string; pin: string },
): Promise<WebhookReply> {
  const base = {
    CallSid: call.callSid,
    From: call.from,
    To: '+15550100199',
    AccountSid: 'AC0',
    CallStatus: 'ringing',
    Direction: 'inbound',
  };
  const greeting = await postWebhook(`${origin}/api/dial-in/twilio/voice`, base, authToken);
  const action = gatherActionOf(greeting.text);
  if (greeting.status !== 200 || !action) throw new Error(`no PIN prompt: ${greeting.status} ${greeting.text}`);
  return postWebhook(action, { ...base, CallStatus: 'in-progress', Digits: call.pin }, authToken);
}

export interface ReceivedFrame {
  mulaw: Buffer;
  at: number;
}

/** The telephone side of one call, as Twilio would speak it. */
export class FakeTwilioStream {
  readonly received: ReceivedFrame[] = [];
  readonly marks: string[] = [];
  readonly protocolErrors: string[] = [];
  clears = 0;
  private sequence = 1;
  private chunk = 0;
  private startedAt = 0;
  closed: Promise<{ code: number; reason: string }>;

  private readonly ws: WebSocket;
  readonly streamSid: string;
  private constructor(ws: WebSocket, streamSid: string) {
    this.ws = ws;
    this.streamSid = streamSid;
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return this.protocolErrors.push('binary frame');
      const parsed = parseOutboundMessage(data.toString());
      if (!parsed.ok) return this.protocolErrors.push(parsed.message);
      const message = parsed.value;
      if (message.streamSid !== this.streamSid) this.protocolErrors.push(`wrong streamSid ${message.streamSid}`);
      if (message.event === 'media') this.received.push({ mulaw: Buffer.from(message.media.payload, 'base64'), at: performance.now() });
      else if (message.event === 'mark') {
        this.marks.push(message.mark.name);
        this.send({ event: 'mark', streamSid: this.streamSid, mark: { name: message.mark.name } }); // "played"
      } else this.clears++;
    });
  }

  /** Opens the socket and sends `connected` and `start` with the TwiML's parameters. */
  static async open(instruction: StreamInstruction, callSid: string): Promise<FakeTwilioStream> {
    const ws = new WebSocket(instruction.url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const streamSid = `MZ${randomBytes(16).toString('hex')}`;
    const stream = new FakeTwilioStream(ws, streamSid);
    stream.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    stream.send({
      event: 'start',
      sequenceNumber: String(stream.sequence++),
      start: {
        accountSid: 'AC0',
        streamSid,
        callSid,
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        customParameters: instruction.parameters,
      },
      streamSid,
    });
    stream.startedAt = performance.now();
    return stream;
  }

  /** One 20 ms frame (160 bytes of μ-law). */
  sendMedia(mulaw: Uint8Array): void {
    this.send({
      event: 'media',
      sequenceNumber: String(this.sequence++),
      media: {
        track: 'inbound',
        chunk: String(++this.chunk),
        timestamp: String(Math.round(performance.now() - this.startedAt)),
        payload: Buffer.from(mulaw).toString('base64'),
      },
      streamSid: this.streamSid,
    });
  }

  sendDtmf(digit: string): void {
    this.send({
      event: 'dtmf',
      streamSid: this.streamSid,
      sequenceNumber: String(this.sequence++),
      dtmf: { track: 'inbound_track', digit },
    });
  }

  /** The caller hangs up. */
  stop(): void {
    this.send({
      event: 'stop',
      sequenceNumber: String(this.sequence++),
      streamSid: this.streamSid,
      stop: { accountSid: 'AC0', callSid: 'x' },
    });
    this.ws.close(1000);
  }

  /** Sends anything, for protocol abuse tests. */
  sendRaw(data: string | Buffer): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  private send(message: object): void {
    this.sendRaw(JSON.stringify(message));
  }
}

/**
 * Sends `frame(i)` every 20 ms until stopped, paced on the clock (like a phone line),
 * not on timers alone, so a slow tick is caught up rather than lost.
 */
export function playFrames(stream: FakeTwilioStream, frame: (index: number) => Uint8Array) {
  const start = performance.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - start) / 20);
    while (sent <= due) stream.sendMedia(frame(sent++));
  }, 10);
  return { stop: () => clearInterval(timer), sent: () => sent };
}

/** Dials in with the right PIN, opens the Media Stream and plays a steady tone. */
export async function callInWithTone(origin: string, authToken: string, call: { pin: string; from: string; toneHz: number }) {
  const callSid = newCallSid();
  const reply = await dialIn(origin, authToken, { callSid, from: call.from, pin: call.pin });
  const instruction = streamOf(reply.text);
  if (!instruction) throw new Error(`no stream in ${reply.text}`);
  const stream = await FakeTwilioStream.open(instruction, callSid);
  const player = playFrames(stream, (i) => pcmToMulaw(sineFrame(call.toneHz, 8000, 160, 10_000, i * 160)));
  return { callSid, instruction, stream, player };
}
