import { describe, expect, it, vi } from 'vitest';
import {
  deliver,
  joinAnswer,
  joined,
  MEETING,
  person,
  useCallTestEnvironment,
  welcome,
  whenSent,
  world,
} from '../../../test/pwa/call-world.ts';
import { fakeStream, MemoryStorage } from '../../../test/pwa/fake-media.ts';
import { RELOAD_CALL_WAIT_MS } from './calls-after-reload.ts';
import { saveRejoinTicket } from './rejoin-store.ts';

/** A page that reloads in a call (p2, with its ticket), and the room it comes back to. */
async function reloadedPage(others: ReturnType<typeof person>[], inCall = true) {
  const storage = new MemoryStorage();
  const rtc = joinAnswer(person('p2'), []).rtc;
  saveRejoinTicket(MEETING, { participantId: 'p2', token: 'token-1', name: 'Me', rtc, inCall }, storage);
  const w = await world({ storage, others, join: () => ({ json: joinAnswer(person('p2'), others, 'token-1', true) }) });
  const rejoining = w.call.join('Me');
  await w.net.settled();
  w.channel().open();
  w.channel().receive(welcome([w.self, ...w.others]));
  await w.net.settled();
  return { w, rejoining };
}

describe('call, after a reload (calls-after-reload.ts)', () => {
  useCallTestEnvironment();

  it('the pages present call the reloaded page; it answers them and calls only a phone caller', async () => {
    const { w, rejoining } = await reloadedPage([person('p1'), person('p3'), person('p4', { role: 'phone' })]);
    // The phone caller's bridge only answers: ours goes out at once. The pages' calls are awaited.
    expect(w.calls()).toEqual(['p4']);
    expect(w.call.callsOut.value).toBe(false);
    for (const id of ['p1', 'p3']) w.remotes.get(id)!.peer.call('p2', w.remotes.get(id)!.camera);
    await w.net.settled();
    await whenSent(rejoining);
    // Our answers are out: the room may be drawn.
    expect(w.call.callsOut.value).toBe(true);
    expect(w.call.status.value).toBe('in-call');
    for (const id of ['p1', 'p3', 'p4']) expect(w.call.remoteStreams.value.get(id)).toBe(w.remotes.get(id)!.camera);
    // Nobody is called later on top of the calls that came.
    vi.advanceTimersByTime(RELOAD_CALL_WAIT_MS * 2);
    await w.net.settled();
    expect(w.calls()).toEqual(['p4']);
  });

  it('makes its PeerJS socket before its room channel’s, in the task of the rejoin: the others’ calls wait for that socket', async () => {
    const storage = new MemoryStorage();
    saveRejoinTicket(
      MEETING,
      { participantId: 'p2', token: 'token-1', name: 'Me', rtc: joinAnswer(person('p2'), []).rtc, inCall: true },
      storage,
    );
    const others = [person('p1')];
    const w = await world({ storage, others, join: () => ({ json: joinAnswer(person('p2'), others, 'token-1', true) }) });
    // How many room-channel sockets there were when our peer (its PeerJS socket) was made.
    const roomSocketsBefore: number[] = [];
    const register = w.net.register.bind(w.net);
    w.net.register = (peer) => {
      if (peer.id === 'p2') roomSocketsBefore.push(w.sockets.sockets.length);
      register(peer);
    };
    void w.call.join('Me');
    expect(roomSocketsBefore).toEqual([0]);
    expect(w.sockets.sockets).toHaveLength(1);
  });

  it('a page whose call does not come within the wait is called by the reloaded page', async () => {
    const { w } = await reloadedPage([person('p1'), person('p3')]);
    w.remotes.get('p1')!.peer.call('p2', w.remotes.get('p1')!.camera);
    await w.net.settled();
    vi.advanceTimersByTime(RELOAD_CALL_WAIT_MS - 1);
    await w.net.settled();
    expect(w.calls()).toEqual([]);
    vi.advanceTimersByTime(1);
    await w.net.settled();
    expect(w.calls()).toEqual(['p3']);
    await vi.waitFor(() => expect(w.call.callsOut.value).toBe(true));
    expect(w.call.remoteStreams.value.get('p3')).toBe(w.remotes.get('p3')!.camera);
  });

  it('someone reconnecting cannot call now: the reloaded page calls them', async () => {
    const { w } = await reloadedPage([person('p1', { presence: 'reconnecting' })]);
    expect(w.calls()).toEqual(['p1']);
  });

  it('a guest the waiting room let in (its ticket is not from the call) calls everyone: nobody was told to call it', async () => {
    const { w } = await reloadedPage([person('p1'), person('p3')], false);
    expect(w.calls()).toEqual(['p1', 'p3']);
  });

  it('a first join calls everyone present, pages too (only a reload waits for their calls)', async () => {
    const w = await world({ others: [person('p1'), person('p4', { role: 'phone' })] });
    await joined(w);
    expect(w.calls()).toEqual(['p1', 'p4']);
  });

  it('a page present: when the room says someone reloaded, it drops the old call and calls the new page at once, with its screen', async () => {
    const w = await world({ others: [person('p3')] });
    await joined(w);
    const screen = fakeStream('video');
    w.call.screen.use(screen);
    const old = w.net.offers.filter((o) => o.to === 'p3');
    expect(old).toHaveLength(2); // camera and screen
    // p3's page reloads: its new peer opens with the same id.
    const p3 = w.remotes.get('p3')!;
    p3.peer.destroy();
    const again = await w.net.remote('p3');
    again.on('call', (c) => (c as { answer(s: MediaStream): void }).answer(p3.camera));
    deliver(w, { type: 'participant-reloaded', participantId: 'p3' });
    await w.net.settled();
    expect(old.every((o) => o.call.closed)).toBe(true);
    const fresh = w.net.offers.filter((o) => o.to === 'p3').slice(2);
    expect(fresh.map((o) => (o.call.metadata as { kind?: string } | undefined)?.kind ?? 'camera')).toEqual(['camera', 'screen']);
    expect(w.call.remoteStreams.value.get('p3')).toBe(p3.camera);
    // Ourselves, or a participant on the SFU: nothing to call.
    deliver(w, { type: 'participant-reloaded', participantId: 'p2' });
    await w.net.settled();
    expect(w.net.offers.filter((o) => o.to === 'p2')).toEqual([]);
  });
});
