import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  MEDIA_STREAM_MAX_FRAME_BYTES,
  MEDIA_STREAM_PATH,
  MULAW_ENCODING,
  parseTwilioMessage,
  StreamParameter,
  TELEPHONE_SAMPLE_RATE,
  type StartMessage,
} from '../../shared/dialin/media-stream.ts';
import { closeReason, createCallerStream } from './caller-stream.ts';
import type { DialInService } from './dial-in-service.ts';
import { logFor } from '../lib/log.ts';

const log = logFor('dial-in');

/** Close codes we use on the Media Stream socket (Twilio then runs the TwiML after `</Connect>`). */
export const MediaStreamCloseCode = { Normal: 1000, Unsupported: 1003, Policy: 1008, Error: 1011 } as const;

export interface MediaStreamEndpointOptions {
  /** A socket that has not sent a valid `start` by then is closed. */
  startTimeoutMs?: number;
  /** Invalid frames tolerated after `start` before we give up on the socket. */
  maxBadFrames?: number;
}

/**
 * The WebSocket Twilio's `<Connect><Stream>` opens (`/ws/dial-in`). Every frame is
 * parsed with the schema; until `start` arrives with a ticket from the PIN webhook
 * nothing is bridged, and a socket without one is closed.
 */
export function createMediaStreamEndpoint(dialIn: DialInService, options: MediaStreamEndpointOptions = {}) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MEDIA_STREAM_MAX_FRAME_BYTES });
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const maxBadFrames = options.maxBadFrames ?? 20;

  function refuse(ws: WebSocket, code: number, reason: string) {
    log.warn(`media stream refused: ${reason.replace(/\n/g, '; ')}`);
    ws.close(code, closeReason(reason));
  }

  function unsupportedFormat({ start }: StartMessage): string | null {
    const { encoding, sampleRate, channels } = start.mediaFormat;
    if (encoding !== MULAW_ENCODING || sampleRate !== TELEPHONE_SAMPLE_RATE || channels !== 1) {
      return `unsupported audio ${encoding}/${sampleRate}/${channels}`;
    }
    return null;
  }

  function onConnection(ws: WebSocket) {
    let session: ReturnType<typeof createCallerStream> | null = null;
    let badFrames = 0;
    const timer = setTimeout(() => refuse(ws, MediaStreamCloseCode.Policy, 'no start message'), startTimeoutMs);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      clearTimeout(timer);
      session?.socketClosed();
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return refuse(ws, MediaStreamCloseCode.Unsupported, 'binary frames are not part of the protocol');
      const parsed = parseTwilioMessage(data.toString());
      if (!parsed.ok) {
        if (!session || ++badFrames > maxBadFrames) refuse(ws, MediaStreamCloseCode.Policy, `bad frame: ${parsed.message}`);
        return;
      }
      const message = parsed.value;
      if (session) return session.deliver(message);
      if (message.event === 'connected') return;
      if (message.event !== 'start') return refuse(ws, MediaStreamCloseCode.Policy, `"${message.event}" before "start"`);
      clearTimeout(timer);
      const format = unsupportedFormat(message);
      if (format) return refuse(ws, MediaStreamCloseCode.Unsupported, format);
      const { callSid, customParameters } = message.start;
      const ticket = dialIn.redeemTicket(customParameters[StreamParameter.Ticket] ?? '', callSid);
      if (!ticket) return refuse(ws, MediaStreamCloseCode.Policy, 'unknown or used ticket');
      session = createCallerStream(ws, callSid, message.streamSid);
      const caller = session.stream;
      dialIn.connectCall(ticket, caller).catch((error: Error) => {
        log.warn(`call ${callSid} could not join meeting ${ticket.meetingId}: ${error.message}`);
        caller.hangUp('could not join the meeting');
      });
    });
  }

  return {
    matches: (pathname: string) => pathname === MEDIA_STREAM_PATH || pathname.startsWith(`${MEDIA_STREAM_PATH}/`),
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, onConnection);
    },
    close() {
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      wss.close();
    },
  };
}
