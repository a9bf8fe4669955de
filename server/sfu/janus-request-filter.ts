import { PAGE_JANUS_VERBS, PAGE_VIDEOROOM_REQUESTS, screenFeedId, VIDEOROOM_PLUGIN } from '../../shared/sfu/sfu-proxy.ts';

/** One page's view of Janus through the proxy: the sessions and handles Janus made for it. */
export interface PageJanusState {
  meetingId: string;
  participantId: string;
  displayName: string;
  sessions: Set<number>;
  /** handle id → its session id. */
  handles: Map<number, number>;
}

export type Judgement = { ok: true; request: Record<string, unknown> } | { ok: false; reason: string };

/** Most sessions and handles one page may hold (a publisher and a subscriber per other participant, at most). */
export const MAX_SESSIONS = 2;
export const MAX_HANDLES = 64;

const verbs = new Set<string>(PAGE_JANUS_VERBS);
const requests = new Set<string>(PAGE_VIDEOROOM_REQUESTS);
/** What a page may not set: secrets (ours are added by the proxy), recordings on the server, forwarding. */
const STRIPPED_FIELDS = ['apisecret', 'token', 'admin_secret'];
const STRIPPED_BODY_FIELDS = ['secret', 'admin_key', 'record', 'filename', 'pin', 'token'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const refuse = (reason: string): Judgement => ({ ok: false, reason });

/**
 * Judges one frame a page sent to Janus: only the VideoRoom plugin, only this meeting's room, only
 * the page's own sessions and handles, no room management (create, destroy, edit, kick, list…), no
 * server-side recording or forwarding; a publisher joins as the participant themselves (or their screen). Returns the
 * request to forward (with our changes) or why it is refused. Pure; the proxy adds the API secret.
 */
export function judgeJanusRequest(raw: string, state: PageJanusState): Judgement {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return refuse('not JSON');
  }
  if (!isObject(parsed)) return refuse('not a Janus request');
  const { janus, transaction } = parsed;
  if (typeof janus !== 'string' || !verbs.has(janus)) return refuse(`"${String(janus)}" is not allowed`);
  if (typeof transaction !== 'string' || transaction.length === 0 || transaction.length > 64) return refuse('a transaction id is required');
  const request: Record<string, unknown> = { ...parsed };
  for (const field of STRIPPED_FIELDS) delete request[field];

  if (janus === 'create') {
    if (state.sessions.size >= MAX_SESSIONS) return refuse('too many sessions');
    return { ok: true, request };
  }
  if (typeof request.session_id !== 'number' || !state.sessions.has(request.session_id)) return refuse('not your session');
  if (janus === 'keepalive' || janus === 'destroy') return { ok: true, request };
  if (janus === 'attach') {
    if (request.plugin !== VIDEOROOM_PLUGIN) return refuse('only the VideoRoom plugin');
    if (state.handles.size >= MAX_HANDLES) return refuse('too many handles');
    return { ok: true, request };
  }
  if (typeof request.handle_id !== 'number' || state.handles.get(request.handle_id) !== request.session_id)
    return refuse('not your handle');
  if (janus !== 'message') return { ok: true, request }; // trickle, detach, hangup
  return judgeVideoRoomMessage(request, state);
}

function judgeVideoRoomMessage(request: Record<string, unknown>, state: PageJanusState): Judgement {
  if (!isObject(request.body)) return refuse('a message needs a body');
  const body: Record<string, unknown> = { ...request.body };
  if (typeof body.request !== 'string' || !requests.has(body.request)) return refuse(`VideoRoom "${String(body.request)}" is not allowed`);
  if (body.room !== undefined && body.room !== state.meetingId) return refuse('not your meeting room');
  for (const field of STRIPPED_BODY_FIELDS) delete body[field];
  if (body.request === 'join') {
    body.room = state.meetingId;
    if (body.ptype === 'publisher') {
      // Feeds are named after participants: pages map streams to people by it, and the host's removal
      // kicks it. A page publishes as itself (camera and microphone) or as its screen, nothing else.
      const screen = screenFeedId(state.participantId);
      if (body.id !== undefined && body.id !== state.participantId && body.id !== screen)
        return refuse('a page publishes only its own feeds');
      body.id = body.id === screen ? screen : state.participantId;
      body.display = state.displayName;
    } else if (body.ptype !== 'subscriber') return refuse('ptype must be publisher or subscriber');
  }
  return { ok: true, request: { ...request, body } };
}

/** Learns from Janus's answers which sessions and handles are the page's (`create`/`attach` successes, destroys). */
export function noteJanusAnswer(
  answer: Record<string, unknown>,
  asked: { janus: string; session_id?: unknown } | undefined,
  state: PageJanusState,
) {
  if (!asked) return;
  if (answer.janus === 'success' && asked.janus === 'create') {
    const id = (answer.data as { id?: unknown } | undefined)?.id;
    if (typeof id === 'number') state.sessions.add(id);
  }
  if (answer.janus === 'success' && asked.janus === 'attach' && typeof asked.session_id === 'number') {
    const id = (answer.data as { id?: unknown } | undefined)?.id;
    if (typeof id === 'number') state.handles.set(id, asked.session_id);
  }
  if (answer.janus === 'success' && asked.janus === 'destroy' && typeof asked.session_id === 'number') {
    state.sessions.delete(asked.session_id);
    for (const [handle, session] of state.handles) if (session === asked.session_id) state.handles.delete(handle);
  }
}
