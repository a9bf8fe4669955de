import WebSocket from 'ws';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { ROOM_CHANNEL_PATH } from '../../shared/room-events.ts';
import { api, type RunningServer } from '../../e2e/harness/server.ts';

/** A simulated participant: joined through the API, with its room channel and PeerJS socket open, as a page has them. */
export interface LoadParticipant {
  meetingId: string;
  id: string;
  /** Headers of its REST calls from inside the call (access + participant id and token). */
  headers: Record<string, string>;
  room: WebSocket;
  peer: WebSocket | null;
  close(): void;
}

/** Called with the chat text of every `chat-message` that reaches this participant, and when it arrived. */
export type ChatListener = (participant: LoadParticipant, text: string, at: number) => void;

/** Joins the meeting (the host with their cookie, a guest with the invite token), then opens both sockets. */
export async function joinAndConnect(
  server: Pick<RunningServer, 'url' | 'port'>,
  meetingId: string,
  access: Record<string, string>,
  name: string,
  onChat: ChatListener,
  { peer = true } = {},
): Promise<LoadParticipant> {
  const res = await api(server, 'POST', `/api/meetings/${meetingId}/join`, { name, videoMuted: true }, access);
  if (res.status !== 201) throw new Error(`join failed: ${res.status} ${JSON.stringify(res.body)}`);
  const { participant, token, rtc } = res.body as { participant: { id: string }; token: string; rtc: { peerKey: string } };
  const ws = `ws://127.0.0.1:${server.port}`;
  const query = `participantId=${participant.id}&token=${encodeURIComponent(token)}`;

  const self: LoadParticipant = {
    meetingId,
    id: participant.id,
    headers: { ...access, [PARTICIPANT_ID_HEADER]: participant.id, [PARTICIPANT_TOKEN_HEADER]: token },
    room: await open(`${ws}${ROOM_CHANNEL_PATH}${meetingId}?${query}`, 'welcome'),
    peer: null,
    close() {
      self.room.terminate();
      self.peer?.terminate();
    },
  };
  self.room.on('message', (data) => {
    const at = performance.now();
    const text = data.toString();
    // Only chat matters here; parse nothing else (presence events are many during the joins).
    if (!text.startsWith('{"type":"chat-message"')) return;
    onChat(self, (JSON.parse(text) as { message: { text: string } }).message.text, at);
  });
  if (peer)
    self.peer = await open(
      `${ws}/peerjs/m/${encodeURIComponent(meetingId)}/peerjs?key=${rtc.peerKey}&id=${participant.id}&token=${encodeURIComponent(token)}`,
      'OPEN',
    );
  const stopKeepalives = keepAlive(self);
  const close = self.close;
  self.close = () => {
    stopKeepalives();
    close();
  };
  return self;
}

/**
 * What a page sends to stay alive, each on its own clock as real pages do (never all at once):
 * PeerJS's HEARTBEAT every 5 s, the room channel's ping every 10 s.
 */
function keepAlive(p: LoadParticipant): () => void {
  const timers: ReturnType<typeof setInterval>[] = [];
  const every = (ms: number, send: () => void) => {
    const start = setTimeout(() => timers.push(setInterval(send, ms)), Math.random() * ms);
    timers.push(start as unknown as ReturnType<typeof setInterval>);
  };
  every(5_000, () => p.peer?.readyState === WebSocket.OPEN && p.peer.send('{"type":"HEARTBEAT"}'));
  every(10_000, () => p.room.readyState === WebSocket.OPEN && p.room.send(JSON.stringify({ type: 'ping', at: Date.now() })));
  return () => timers.forEach((t) => clearInterval(t));
}

/** Opens a socket and waits for its first event of the given type (room: `welcome`; PeerJS: `OPEN`). */
function open(url: string, firstType: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const timer = setTimeout(() => reject(new Error(`no ${firstType} on ${url.split('?')[0]}`)), 15_000);
    socket.once('message', (data) => {
      clearTimeout(timer);
      const type = (JSON.parse(data.toString()) as { type: string }).type;
      if (type === firstType) resolve(socket);
      else reject(new Error(`expected ${firstType}, got ${type}`));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Posts a chat message as this participant, through the API as the page does. */
export async function postChat(server: Pick<RunningServer, 'url'>, p: LoadParticipant, text: string): Promise<number> {
  const res = await fetch(`${server.url}/api/meetings/${p.meetingId}/chat`, {
    method: 'POST',
    // As the page sends it: a browser marks its own page's requests same-origin (the CSRF check wants it with a cookie).
    headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...p.headers },
    body: JSON.stringify({ text }),
  });
  await res.arrayBuffer();
  return res.status;
}

export const guestAccess = (inviteToken: string) => ({ [INVITE_HEADER]: inviteToken });
