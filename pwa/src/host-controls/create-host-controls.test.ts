import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Participant } from '../../../shared/api/participants.ts';
import type { ServerEvent } from '../../../shared/room-events.ts';
import type { Call } from '../call/create-call.ts';
import { createHostControls } from './create-host-controls.ts';

const person = (over: Partial<Participant>): Participant => ({
  id: 'p1',
  name: 'Gus',
  role: 'guest',
  audioMuted: false,
  videoMuted: false,
  presence: 'connected',
  screenSharing: false,
  joinedAt: '',
  ...over,
});

function setup() {
  const listeners = new Set<(e: ServerEvent) => void>();
  const call = {
    selfId: signal('me'),
    subscribe: (l: (e: ServerEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as Call;
  const requests: { method: string; url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      requests.push({ method: init.method!, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
      return url.endsWith('/lobby') && init.method === 'GET'
        ? new Response(JSON.stringify({ waiting: [], locked: true }), { status: 200 })
        : new Response(null, { status: 204 });
    }),
  );
  const chime = vi.fn(async () => undefined);
  const host = createHostControls({ meetingId: 'm1', call, sinkId: () => 'speaker', chime });
  const deliver = (e: ServerEvent) => listeners.forEach((l) => l(e));
  return { host, deliver, requests, chime };
}

afterEach(() => vi.unstubAllGlobals());

const waiter = (id: string) => ({ id, name: id, since: '', removedBefore: false, byPhone: false });

describe('host controls (page side)', () => {
  it('shows who waits and chimes only when someone new arrives', () => {
    const { host, deliver, chime } = setup();
    deliver({ type: 'lobby', waiting: [waiter('a')] });
    deliver({ type: 'lobby', waiting: [waiter('a')] });
    deliver({ type: 'lobby', waiting: [] });
    deliver({ type: 'lobby', waiting: [waiter('b')] });
    expect(host.waiting.value.map((w) => w.id)).toEqual(['b']);
    expect(chime).toHaveBeenCalledTimes(2);
    expect(chime).toHaveBeenCalledWith('speaker');
  });

  it('asks the server for the list and the lock when the room welcomes it (also after a reload)', async () => {
    const { host, deliver, requests } = setup();
    deliver({ type: 'welcome', protocol: 1, participantId: 'me', participants: [], recording: null, mediaMode: 'mesh' });
    await vi.waitFor(() => expect(host.locked.value).toBe(true));
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/api/meetings/m1/lobby' });
    deliver({ type: 'room-state', locked: false });
    expect(host.locked.value).toBe(false);
  });

  it.each([
    ['a talking guest', person({}), ['mute-participant', 'stop-video', 'remove-participant']],
    [
      'a muted guest sharing their screen',
      person({ audioMuted: true, screenSharing: true }),
      ['ask-unmute', 'stop-video', 'stop-share', 'remove-participant'],
    ],
    ['a guest with camera off', person({ videoMuted: true }), ['mute-participant', 'remove-participant']],
    ['a phone caller', person({ role: 'phone', videoMuted: true }), ['mute-participant', 'hang-up', 'remove-participant']],
    ['another host tab', person({ role: 'host' }), []],
    ['the host themselves', person({ id: 'me', role: 'guest' }), []],
  ])('offers the right actions for %s', (_who, p, actions) => {
    const { host } = setup();
    expect(host.tileActions(p).map((a) => a.action)).toEqual(actions);
  });

  it('sends each action to its endpoint', async () => {
    const { host, requests } = setup();
    const [mute, , remove] = host.tileActions(person({}));
    mute!.run();
    remove!.run();
    const [unmuteCaller, hangUp, removeCaller] = host.tileActions(person({ role: 'phone', audioMuted: true }));
    unmuteCaller!.run();
    hangUp!.run();
    removeCaller!.run();
    await host.setLocked(true);
    await host.admit('w1');
    await host.endForEveryone();
    await vi.waitFor(() => expect(requests).toHaveLength(8));
    expect(requests.map((r) => `${r.method} ${r.url} ${JSON.stringify(r.body ?? null)}`)).toEqual([
      'POST /api/meetings/m1/participants/p1/moderate {"action":"mute"}',
      'DELETE /api/meetings/m1/participants/p1 null',
      'POST /api/meetings/m1/dial-in/calls/p1/mute {"muted":false}',
      'DELETE /api/meetings/m1/dial-in/calls/p1 null',
      'DELETE /api/meetings/m1/participants/p1 null',
      'PUT /api/meetings/m1/lock {"locked":true}',
      'POST /api/meetings/m1/lobby/w1/admit null',
      'POST /api/meetings/m1/end null',
    ]);
  });
});
