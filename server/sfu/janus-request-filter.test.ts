import { describe, expect, it } from 'vitest';
import { judgeJanusRequest, MAX_SESSIONS, noteJanusAnswer, type PageJanusState } from './janus-request-filter.ts';

const state = (): PageJanusState => ({
  meetingId: 'meeting-1',
  participantId: 'alice',
  displayName: 'Alice',
  sessions: new Set([10]),
  handles: new Map([[20, 10]]),
});
const own = { session_id: 10, handle_id: 20 };
const message = (body: Record<string, unknown>) => JSON.stringify({ janus: 'message', transaction: 't', ...own, body });

describe('what a page may ask Janus through the proxy', () => {
  it.each([
    ['a new session', { janus: 'create', transaction: 't' }],
    ['a keepalive of its session', { janus: 'keepalive', transaction: 't', session_id: 10 }],
    ['the VideoRoom plugin', { janus: 'attach', transaction: 't', session_id: 10, plugin: 'janus.plugin.videoroom' }],
    ['a candidate on its handle', { janus: 'trickle', transaction: 't', ...own, candidate: { completed: true } }],
    [
      'subscribing in its meeting',
      {
        janus: 'message',
        transaction: 't',
        ...own,
        body: { request: 'join', ptype: 'subscriber', room: 'meeting-1', streams: [{ feed: 'bob' }] },
      },
    ],
    ['configuring its publisher', { janus: 'message', transaction: 't', ...own, body: { request: 'configure', audio: false } }],
  ])('allows %s', (_what, request) => {
    expect(judgeJanusRequest(JSON.stringify(request), state())).toMatchObject({ ok: true });
  });

  it.each([
    ['not JSON', '{', /JSON/],
    ['the admin verbs', JSON.stringify({ janus: 'list_sessions', transaction: 't' }), /not allowed/],
    ['info', JSON.stringify({ janus: 'info', transaction: 't' }), /not allowed/],
    [
      'someone else’s session',
      JSON.stringify({ janus: 'attach', transaction: 't', session_id: 11, plugin: 'janus.plugin.videoroom' }),
      /session/,
    ],
    [
      'another plugin',
      JSON.stringify({ janus: 'attach', transaction: 't', session_id: 10, plugin: 'janus.plugin.streaming' }),
      /VideoRoom/,
    ],
    [
      'someone else’s handle',
      JSON.stringify({ janus: 'message', transaction: 't', session_id: 10, handle_id: 21, body: { request: 'join' } }),
      /handle/,
    ],
    ['creating a room', message({ request: 'create', room: 'x' }), /"create" is not allowed/],
    ['destroying a room', message({ request: 'destroy', room: 'meeting-1' }), /"destroy"/],
    ['kicking', message({ request: 'kick', room: 'meeting-1', id: 'bob' }), /"kick"/],
    ['listing rooms', message({ request: 'list' }), /"list"/],
    ['listing participants', message({ request: 'listparticipants', room: 'meeting-1' }), /not allowed/],
    ['forwarding RTP', message({ request: 'rtp_forward', room: 'meeting-1' }), /not allowed/],
    ['another meeting’s room', message({ request: 'join', ptype: 'subscriber', room: 'meeting-2' }), /not your meeting/],
    ['a made-up ptype', message({ request: 'join', ptype: 'admin', room: 'meeting-1' }), /ptype/],
    ['no transaction', JSON.stringify({ janus: 'create' }), /transaction/],
  ])('refuses %s', (_what, raw, reason) => {
    const judged = judgeJanusRequest(raw, state());
    expect(judged.ok).toBe(false);
    if (!judged.ok) expect(judged.reason).toMatch(reason);
  });

  it.each([
    ['someone else’s id', 'bob'],
    ['someone else’s screen', 'bob~screen'],
    ['a second feed of its own', 'alice~camera2'],
    ['a number', 7],
    ['its id with the suffix twice', 'alice~screen~screen'],
  ])('refuses a publisher joining as %s', (_what, id) => {
    const judged = judgeJanusRequest(message({ request: 'join', ptype: 'publisher', id }), state());
    expect(judged).toEqual({ ok: false, reason: 'a page publishes only its own feeds' });
  });

  it('lets a page publish its screen as a second feed, <participantId>~screen', () => {
    const judged = judgeJanusRequest(message({ request: 'join', ptype: 'publisher', id: 'alice~screen', display: 'Eve' }), state());
    expect(judged).toMatchObject({ ok: true, request: { body: { id: 'alice~screen', display: 'Alice', room: 'meeting-1' } } });
    const itself = judgeJanusRequest(message({ request: 'join', ptype: 'publisher', id: 'alice' }), state());
    expect(itself).toMatchObject({ ok: true, request: { body: { id: 'alice' } } });
  });

  it('makes a publisher join as the participant, in their meeting, without secrets or recording', () => {
    const judged = judgeJanusRequest(
      message({ request: 'join', ptype: 'publisher', display: 'Bob', secret: 's', record: true, filename: '/etc/x' }),
      state(),
    );
    expect(judged).toEqual({
      ok: true,
      request: {
        janus: 'message',
        transaction: 't',
        ...own,
        body: { request: 'join', ptype: 'publisher', room: 'meeting-1', id: 'alice', display: 'Alice' },
      },
    });
    const sneaky = judgeJanusRequest(JSON.stringify({ janus: 'create', transaction: 't', apisecret: 'guess', token: 'x' }), state());
    expect(sneaky).toEqual({ ok: true, request: { janus: 'create', transaction: 't' } });
  });

  it('learns the page’s sessions and handles from Janus’s answers, and caps them', () => {
    const s = state();
    noteJanusAnswer({ janus: 'success', transaction: 'a', data: { id: 30 } }, { janus: 'attach', session_id: 10 }, s);
    expect(s.handles.get(30)).toBe(10);
    noteJanusAnswer({ janus: 'success', transaction: 'c', data: { id: 11 } }, { janus: 'create' }, s);
    expect(s.sessions.size).toBe(MAX_SESSIONS);
    expect(judgeJanusRequest(JSON.stringify({ janus: 'create', transaction: 't' }), s)).toMatchObject({ ok: false });
    noteJanusAnswer({ janus: 'success', transaction: 'd' }, { janus: 'destroy', session_id: 10 }, s);
    expect([...s.sessions]).toEqual([11]);
    expect(s.handles.size).toBe(0);
  });
});
