import WebSocket from 'ws';
import { JANUS_PROTOCOL, SFU_MESSAGE_MAX_BYTES, SFU_PROXY_PATH, SfuCloseCode } from '../../shared/sfu/sfu-proxy.ts';
import { MediaMode } from '../../shared/room-events.ts';
import { logFor } from '../lib/log.ts';
import { createSocketEndpoint, pathIdOf } from '../lib/ws-endpoint.ts';
import type { RoomHub } from '../rooms/room-hub.ts';
import { judgeJanusRequest, noteJanusAnswer, type PageJanusState } from './janus-request-filter.ts';
import type { MediaModes } from './media-modes.ts';
import type { SfuService } from './sfu-service.ts';

const log = logFor('sfu-proxy');

export interface SfuProxyOptions {
  hub: RoomHub;
  sfu: SfuService;
  modes: Pick<MediaModes, 'modeOf'>;
  heartbeatMs?: number;
}

/**
 * The browser's only way to Janus: `/ws/sfu/:meetingId?participantId=…&token=…`. A participant on
 * the meeting's roster, while the meeting is on the SFU, gets one Janus WebSocket of their own, and
 * every frame they send is judged first (janus-request-filter.ts) and given our API secret. When they
 * leave or are removed both sockets close, and Janus ends their sessions and handles with them.
 */
export function createSfuProxy({ hub, sfu, modes, heartbeatMs = 15_000 }: SfuProxyOptions) {
  /** participant id → the closers of their proxied sockets. */
  const open = new Map<string, Set<() => void>>();

  const endpoint = createSocketEndpoint({
    pathPrefix: SFU_PROXY_PATH,
    maxPayload: SFU_MESSAGE_MAX_BYTES,
    heartbeatMs,
    onConnection(page, url, heartbeat) {
      const meetingId = pathIdOf(url, SFU_PROXY_PATH);
      const participantId = url.searchParams.get('participantId') ?? '';
      const participant = meetingId === null ? null : hub.authenticate(meetingId, participantId, url.searchParams.get('token') ?? '');
      if (meetingId === null || !participant || hub.presenceOf(meetingId, participantId) !== 'present') {
        page.close(SfuCloseCode.Unauthorized, 'not a participant of this meeting');
        return;
      }
      const janus = sfu.endpoint();
      if (!janus || modes.modeOf(meetingId) !== MediaMode.Sfu) {
        page.close(SfuCloseCode.NoSfu, 'this meeting is not on the SFU');
        return;
      }
      const state: PageJanusState = { meetingId, participantId, displayName: participant.name, sessions: new Set(), handles: new Map() };
      const asked = new Map<string, { janus: string; session_id?: unknown }>();
      const upstream = new WebSocket(janus.wsUrl, JANUS_PROTOCOL);
      const early: string[] = [];
      const closeBoth = (code: number, reason: string) => {
        if (page.readyState === WebSocket.OPEN || page.readyState === WebSocket.CONNECTING) page.close(code, reason);
        if (upstream.readyState === WebSocket.OPEN || upstream.readyState === WebSocket.CONNECTING) upstream.close();
      };
      const closers = open.get(participantId) ?? new Set();
      const closer = () => closeBoth(SfuCloseCode.Left, 'left the meeting');
      closers.add(closer);
      open.set(participantId, closers);

      const forward = (text: string) => {
        const judged = judgeJanusRequest(text, state);
        if (!judged.ok) {
          const transaction = safeTransaction(text);
          page.send(
            JSON.stringify({
              janus: 'error',
              transaction,
              error: { code: 403, reason: `refused by the meeting server: ${judged.reason}` },
            }),
          );
          return;
        }
        const request = judged.request as { janus: string; transaction: string; session_id?: unknown };
        asked.set(request.transaction, { janus: request.janus, session_id: request.session_id });
        if (asked.size > 1_000) asked.delete(asked.keys().next().value!);
        upstream.send(JSON.stringify({ ...request, apisecret: janus.apiSecret }));
      };
      page.on('message', (data, isBinary) => {
        heartbeat.seen(page);
        if (isBinary) return;
        const text = data.toString();
        if (upstream.readyState === WebSocket.OPEN) forward(text);
        else if (early.length < 32) early.push(text);
      });
      upstream.on('open', () => {
        for (const text of early.splice(0)) forward(text);
      });
      upstream.on('message', (data) => {
        const text = data.toString();
        try {
          const answer = JSON.parse(text) as Record<string, unknown>;
          if (typeof answer.transaction === 'string' && answer.janus !== 'ack') {
            // One answer per request after its ack: a success, an error, or the event of a plugin message.
            noteJanusAnswer(answer, asked.get(answer.transaction), state);
            asked.delete(answer.transaction);
          }
        } catch {
          return;
        }
        page.send(text);
      });
      upstream.on('error', (error) => log.warn({ err: error }, 'the Janus connection failed'));
      upstream.on('close', () => closeBoth(1011, 'the SFU connection closed; reconnect'));
      page.on('error', () => page.terminate());
      page.on('close', () => {
        closers.delete(closer);
        if (closers.size === 0) open.delete(participantId);
        closeBoth(1000, 'page went away');
      });
    },
  });

  // Someone who is out of the meeting (left, removed, ended, timed out) keeps no Janus session.
  const stopEvents = hub.subscribe((event) => {
    if (event.type === 'joined') return;
    for (const close of [...(open.get(event.participant.id) ?? [])]) close();
  });

  return {
    ...endpoint,
    /** Sockets open now, per participant (tests, metrics). */
    openFor: (participantId: string) => open.get(participantId)?.size ?? 0,
    /** Sockets open now, everyone's (metrics). */
    openSockets: () => [...open.values()].reduce((n, closers) => n + closers.size, 0),
    close() {
      stopEvents();
      for (const closers of open.values()) for (const close of [...closers]) close();
      endpoint.close();
    },
  };
}

function safeTransaction(text: string): string | undefined {
  try {
    const transaction = (JSON.parse(text) as { transaction?: unknown }).transaction;
    return typeof transaction === 'string' ? transaction.slice(0, 64) : undefined;
  } catch {
    return undefined;
  }
}

export type SfuProxy = ReturnType<typeof createSfuProxy>;
