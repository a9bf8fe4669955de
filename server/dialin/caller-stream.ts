import type { WebSocket } from 'ws';
import type { OutboundMessage, TwilioMessage } from '../../shared/dialin/media-stream.ts';
import { assertNever } from '../../shared/room-events.ts';

/** What the bridge hears from the telephone side. */
export interface CallerStreamHandler {
  /** μ-law 8 kHz samples; `arrivedAt` is performance.now() when the frame came in. */
  audio(mulaw: Uint8Array, arrivedAt: number): void;
  dtmf(digit: string): void;
  /** Twilio played our audio up to this mark. */
  mark(name: string): void;
  /** The call ended (stop message, or the socket closed). Called once. */
  ended(reason: string): void;
}

/** The telephone side of one call: a Twilio Media Streams socket after its `start`. */
export interface CallerStream {
  readonly callSid: string;
  readonly streamSid: string;
  attach(handler: CallerStreamHandler): void;
  sendAudio(mulaw: Uint8Array): void;
  sendMark(name: string): void;
  /** Drops the audio Twilio has buffered but not played yet. */
  clear(): void;
  /** Ends the stream; with `<Connect><Stream>` Twilio then runs the TwiML after `</Connect>`. */
  hangUp(reason: string): void;
}

/** A WebSocket close reason may be 123 bytes at most. */
export function closeReason(text: string): string {
  let out = text.split('\n')[0] ?? '';
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** Twilio closes a bidirectional stream by the socket: 1000 from us ends `<Connect>`. */
export function createCallerStream(ws: WebSocket, callSid: string, streamSid: string) {
  let handler: CallerStreamHandler | null = null;
  let endReason: string | null = null;
  const send = (message: OutboundMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const end = (reason: string) => {
    if (endReason !== null) return;
    endReason = reason;
    handler?.ended(reason);
  };

  const stream: CallerStream = {
    callSid,
    streamSid,
    attach(h) {
      handler = h;
      // The caller may have hung up while the bridge was still starting.
      if (endReason !== null) h.ended(endReason);
    },
    sendAudio(mulaw) {
      send({ event: 'media', streamSid, media: { payload: Buffer.from(mulaw).toString('base64') } });
    },
    sendMark(name) {
      send({ event: 'mark', streamSid, mark: { name } });
    },
    clear() {
      send({ event: 'clear', streamSid });
    },
    hangUp(reason) {
      end(reason);
      ws.close(1000, closeReason(reason));
    },
  };

  return {
    stream,
    /** Feeds a validated message that arrived after `start`. */
    deliver(message: TwilioMessage) {
      if (message.event === 'stop') return stream.hangUp('the caller hung up');
      if (endReason !== null || !handler) return; // frames while the bridge starts are not bridged
      switch (message.event) {
        case 'media':
          if (message.media.track && message.media.track !== 'inbound') return;
          handler.audio(Buffer.from(message.media.payload, 'base64'), performance.now());
          return;
        case 'dtmf':
          handler.dtmf(message.dtmf.digit);
          return;
        case 'mark':
          handler.mark(message.mark.name);
          return;
        case 'connected':
        case 'start':
          return; // only meaningful once, before; repeated ones change nothing
        default:
          assertNever(message, 'media stream message');
      }
    },
    socketClosed() {
      end('the media stream closed');
    },
  };
}
