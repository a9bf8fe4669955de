import { describe, expect, it, vi } from 'vitest';
import { LeaveReason, RoomCloseCode } from '../../../shared/room-events.ts';
import {
  deliver,
  JOIN,
  joinAnswer,
  joined,
  LEAVE,
  linksOpenedAhead,
  MEETING,
  person,
  reservation,
  RTC,
  useCallTestEnvironment,
  welcome,
  whenSent,
  world,
} from '../../../test/pwa/call-world.ts';
import { apiError, type FakeAnswer } from '../../../test/pwa/fake-fetch.ts';
import { fakeStream, MemoryStorage } from '../../../test/pwa/fake-media.ts';
import { createFakePeerNetwork } from '../../../test/pwa/fake-peerjs.ts';
import { stubPeerConnections } from '../../../test/pwa/fake-rtc-connection.ts';
import { loadRejoinTicket, saveRejoinTicket } from './rejoin-store.ts';
import { SPARE_DELAY_MS } from './made-ahead.ts';

describe('call', () => {
  useCallTestEnvironment();

  describe('joining', () => {
    it('asks the API, opens its peer, then the room channel; on the welcome it calls everyone present', async () => {
      const w = await world({ others: [person('p1'), person('p3')] });
      await w.call.join('Me');
      // The API heard who we are and how we come in.
      const [request] = w.api.to(JOIN);
      expect(request?.headers['x-invite-token']).toBe('invite-1');
      expect(request?.body).toEqual({ name: 'Me', audioMuted: false, videoMuted: false });
      expect(w.call.status.value).toBe('in-call');
      expect(w.call.selfId.value).toBe('p2');
      expect(w.call.participants.value.map((p) => p.id)).toEqual(['p2', 'p1', 'p3']);
      // PeerJS as ourselves, with the join's token; the channel likewise.
      expect(w.net.peer('p2')?.options).toMatchObject({ token: 'token-1', path: '/peerjs/', key: 'meeting' });
      expect(w.channel().url).toBe('wss://meet.example.org/ws/rooms/meet-1?participantId=p2&token=token-1&audioMuted=0&videoMuted=0');
      expect(w.call.participantHeaders()).toEqual({
        'x-invite-token': 'invite-1',
        'x-participant-id': 'p2',
        'x-participant-token': 'token-1',
      });
      // No calls before the room welcomed us.
      expect(w.calls()).toEqual([]);
      expect(w.call.callsOut.value).toBe(false);
      w.channel().open();
      const sent = w.channel().messages();
      expect(sent.length).toBeGreaterThan(0);
      expect(new Set(sent.map((m) => JSON.stringify(m)))).toEqual(
        new Set([JSON.stringify({ type: 'media-state', audioMuted: false, videoMuted: false })]),
      );
      deliver(w, welcome([w.self, ...w.others]));
      await w.net.settled();
      // Those who were here before us wait for our call, whatever their id.
      expect(w.calls()).toEqual(['p1', 'p3']);
      // Out a task after their local descriptions (PeerJS sends them then).
      expect(w.call.callsOut.value).toBe(false);
      await vi.advanceTimersByTimeAsync(0);
      expect(w.call.callsOut.value).toBe(true);
      expect(w.call.remoteStreams.value.get('p1')).toBe(w.remotes.get('p1')?.camera);
      expect(w.call.remoteStreams.value.get('p3')).toBe(w.remotes.get('p3')?.camera);
      expect(w.call.channelStatus.value).toBe('open');
    });

    it('says its first calls are under way once ICE checks one of them, not when the offers are out', async () => {
      const w = await world({ others: [person('p1'), person('p3')] });
      w.net.ice = 'manual';
      await w.call.join('Me');
      w.channel().open();
      deliver(w, welcome([w.self, ...w.others]));
      await w.net.settled();
      await vi.advanceTimersByTimeAsync(0);
      expect(w.call.callsOut.value).toBe(true);
      // The answers are in, but ICE has not begun: the room would hold their messages back.
      expect(w.call.callsUnderWay.value).toBe(false);
      // The second never gets under way (someone whose page is gone, still on the roster): the
      // first call under way is enough.
      const [, second] = w.net.offers;
      second?.call.peerConnection?.setState('checking');
      await vi.advanceTimersByTimeAsync(0);
      expect(w.call.callsUnderWay.value).toBe(true);
      // Leaving starts the next join from nothing.
      w.call.leave();
      expect(w.call.callsUnderWay.value).toBe(false);
    });

    it('calls someone whose page is away (reconnecting) only once its calls with those present are out', async () => {
      // p0 came first but its page is away; p1 is there.
      const w = await world({ others: [person('p0', { presence: 'reconnecting' }), person('p1')] });
      w.net.ice = 'manual';
      await w.call.join('Me');
      w.channel().open();
      deliver(w, welcome([w.self, ...w.others]));
      await w.net.settled();
      // The call with p1 first, alone, even though p0 comes first on the roster.
      expect(w.calls()).toEqual(['p1']);
      expect(w.call.callsOut.value).toBe(false);
      await vi.advanceTimersByTimeAsync(0);
      await w.net.settled();
      // Its offer is out: now p0 is called too.
      expect(w.call.callsOut.value).toBe(true);
      expect(w.calls()).toEqual(['p1', 'p0']);
      // And the call with p1 getting under way is what the room waits for, not p0's.
      w.net.offers[0]?.call.peerConnection?.setState('checking');
      await vi.advanceTimersByTimeAsync(0);
      expect(w.call.callsUnderWay.value).toBe(true);
    });

    it('opens PeerJS and the room channel ahead of the join with a reservation, and the join takes them over', async () => {
      const w = await world({ others: [person('p1')] });
      w.call.prepare(reservation('p2'));
      // The links open at once, in the task that brought the reservation: the room channel's socket too.
      expect(w.sockets.sockets).toHaveLength(1);
      await w.net.settled();
      expect(w.net.peer('p2')?.options.token).toBe('held-1');
      expect(w.channel().url).toContain('participantId=p2&token=held-1');
      w.channel().open();
      // Nothing happens until the join: no call, still idle.
      expect(w.calls()).toEqual([]);
      expect(w.call.status.value).toBe('idle');
      const sockets = w.sockets.sockets.length;
      const peers = w.net.made.length;
      // The server may answer the held channel's welcome before the join's own answer.
      const joining = w.call.join('Me');
      await Promise.resolve();
      deliver(w, welcome([w.self, ...w.others]));
      await whenSent(joining);
      await w.net.settled();
      expect(w.api.to(JOIN)[0]?.body).toEqual({
        name: 'Me',
        audioMuted: false,
        videoMuted: false,
        reservation: { participantId: 'p2', token: 'held-1' },
      });
      // The same sockets go on: no new peer, no new channel; the call to those present went out.
      expect(w.sockets.sockets.length).toBe(sockets);
      expect(w.net.made.length).toBe(peers);
      expect(w.calls()).toEqual(['p1']);
      expect(w.call.status.value).toBe('in-call');
      expect(w.call.callsOut.value).toBe(true);
      // From now on they reconnect as the participant, with the join's token.
      expect(w.net.peer('p2')?.options.token).toBe('token-1');
      w.channel().serverClose(1006);
      await vi.advanceTimersByTimeAsync(300);
      expect(w.channel().url).toContain('participantId=p2&token=token-1');
      expect(w.call.participantHeaders()['x-participant-token']).toBe('token-1');
    });

    it('with links opened ahead, makes the first call’s offer while the join request is out; the call takes it at the welcome', async () => {
      const made = stubPeerConnections(vi.stubGlobal);
      let answer!: (a: FakeAnswer) => void;
      const w = await world({ others: [person('p1')], join: () => new Promise<FakeAnswer>((resolve) => (answer = resolve)) });
      await linksOpenedAhead(w);
      // Not before the click: it would take the main thread from the click itself.
      expect(made).toEqual([]);
      const joining = w.call.join('Me');
      await Promise.resolve();
      expect(w.api.to(JOIN)).toHaveLength(1);
      // Nor in the click's own task, with the page's answer to the click: in the next.
      expect(made).toEqual([]);
      await vi.advanceTimersByTimeAsync(0);
      expect(made).toHaveLength(1);
      expect(made[0]!.getConfiguration().iceServers).toEqual(reservation('p2').rtc.iceServers);
      // Its channel and tracks in the task after the connection's, its offer in the next (warm-offer.ts).
      expect(made[0]!.added).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(made[0]!.added).toHaveLength(2);
      expect(made[0]!.localDescription).toBeNull();
      await vi.advanceTimersByTimeAsync(1);
      expect(made[0]!.localDescription?.type).toBe('offer');
      deliver(w, welcome([w.self, ...w.others]));
      answer({ json: joinAnswer(w.self, w.others) });
      await whenSent(joining);
      await w.net.settled();
      expect(w.calls()).toEqual(['p1']);
      expect(w.net.offers[0]!.call.tookWarm).toBe(true);
      expect(w.call.remoteStreams.value.get('p1')).toBe(w.remotes.get('p1')?.camera);
      expect(made).toHaveLength(1);
    });

    it('once in the call, makes the connection for the next call it answers a moment later; a newcomer’s call takes it', async () => {
      const made = stubPeerConnections(vi.stubGlobal);
      const w = await world({ others: [person('p1')] });
      await joined(w);
      expect(made).toEqual([]);
      await vi.advanceTimersByTimeAsync(SPARE_DELAY_MS);
      expect(made).toHaveLength(1);
      expect(made[0]!.getConfiguration().iceServers).toEqual(joinAnswer(w.self, []).rtc.iceServers);
      expect(made[0]!.added.map((x) => x.track)).toEqual(w.media.sendStream().getTracks());
      deliver(w, { type: 'participant-joined', participant: person('p5') });
      const p5 = await w.net.remote('p5');
      const theirs = p5.call('p2', fakeStream('audio', 'video'));
      await w.net.settled();
      expect(theirs?.other.tookSpare).toBe(true);
      expect(theirs?.other.peerConnection).toBe(made[0]);
      expect(w.call.remoteStreams.value.has('p5')).toBe(true);
      // On the SFU nobody calls us: the next one is not made.
      deliver(w, { type: 'media-mode', mode: 'sfu' });
      await vi.advanceTimersByTimeAsync(SPARE_DELAY_MS * 3);
      expect(made.filter((pc) => pc.added.length > 0 && pc.signalingState === 'stable' && !pc.localDescription)).toEqual([]);
    });

    it('makes no connection for the next call it answers while the page holds it back (getting into the call)', async () => {
      const made = stubPeerConnections(vi.stubGlobal);
      const w = await world({ others: [person('p1')] });
      w.call.holdSpare(true);
      await joined(w);
      await vi.advanceTimersByTimeAsync(SPARE_DELAY_MS * 3);
      expect(made).toEqual([]);
      w.call.holdSpare(false);
      await vi.advanceTimersByTimeAsync(SPARE_DELAY_MS - 1);
      expect(made).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(made).toHaveLength(1);
      // Held again: the one made is let go.
      w.call.holdSpare(true);
      expect(made[0]!.signalingState).toBe('closed');
    });

    it('lets the offer made ahead go when the welcome names nobody to call (an empty room)', async () => {
      const made = stubPeerConnections(vi.stubGlobal);
      const w = await world({ others: [] });
      await linksOpenedAhead(w);
      const joining = w.call.join('Me');
      await vi.advanceTimersByTimeAsync(0);
      expect(made).toHaveLength(1);
      deliver(w, welcome([w.self]));
      await whenSent(joining);
      expect(w.call.status.value).toBe('in-call');
      expect(made[0]!.signalingState).toBe('closed');
    });

    it('makes no offer ahead for a join without links opened ahead, nor for a reload (the others call it)', async () => {
      const made = stubPeerConnections(vi.stubGlobal);
      const w = await world({ others: [person('p1')] });
      await joined(w);
      expect(w.calls()).toEqual(['p1']);
      expect(w.net.offers[0]!.call.tookWarm).toBe(false);
      const storage = new MemoryStorage();
      saveRejoinTicket(
        MEETING,
        { participantId: 'p2', token: 'token-1', name: 'Me', rtc: joinAnswer(person('p2'), []).rtc, inCall: true },
        storage,
      );
      const r = await world({
        storage,
        others: [person('p1')],
        join: () => ({ json: joinAnswer(person('p2'), [person('p1')], 'token-1', true) }),
      });
      void r.call.join('Me');
      await r.net.settled();
      expect(made).toEqual([]);
    });

    it('links opened ahead make no placeholder track: until a call goes out there is nothing to send it on', async () => {
      const w = await world({ others: [person('p1')] });
      w.media.decline('video'); // a call would send black in place of the camera
      await linksOpenedAhead(w);
      expect(w.placeholders.made).toEqual([]);
      const joining = w.call.join('Me');
      await Promise.resolve();
      deliver(w, welcome([w.self, ...w.others]));
      await whenSent(joining);
      await w.net.settled();
      expect(w.calls()).toEqual(['p1']);
      expect(w.placeholders.made.map((t) => t.label)).toEqual(['black']);
      expect(w.net.offers[0]?.call.peerConnection?.video.track).toBe(w.placeholders.made[0]);
    });

    it('a join on links opened ahead waits for its first offers before the rest of its work, 150 ms at most', async () => {
      const w = await world({ others: [person('p1')] });
      w.call.prepare(reservation('p2'));
      await vi.advanceTimersByTimeAsync(0);
      w.channel().open();
      let done = false;
      const joining = w.call.join('Me').then(() => (done = true));
      await vi.advanceTimersByTimeAsync(149);
      expect(done).toBe(false);
      expect(w.call.status.value).toBe('joining');
      // No welcome came (a lost frame): the join goes on without it.
      await vi.advanceTimersByTimeAsync(1);
      await joining;
      expect(w.call.status.value).toBe('in-call');
    });

    it('a reservation the server let go is dropped quietly, and the join opens its own links', async () => {
      const w = await world({ others: [person('p1')] });
      w.call.prepare(reservation('p2'));
      await vi.advanceTimersByTimeAsync(0);
      await w.net.settled();
      const held = w.channel();
      held.open();
      held.serverClose(RoomCloseCode.Unauthorized, 'the reservation expired');
      expect(w.call.status.value).toBe('idle');
      expect(w.net.made.find((p) => p.id === 'p2')?.destroyed).toBe(true);
      await joined(w);
      expect(w.api.to(JOIN)[0]?.body).not.toHaveProperty('reservation');
      expect(w.channel()).not.toBe(held);
      expect(w.channel().url).toContain('token=token-1');
      expect(w.calls()).toEqual(['p1']);
    });

    it('a join answered as someone else (the reservation was not taken) drops the held links', async () => {
      const w = await world({ self: person('p2'), others: [person('p1')] });
      w.call.prepare(reservation('p9'));
      await vi.advanceTimersByTimeAsync(0);
      await w.net.settled();
      const held = w.channel();
      await joined(w);
      expect(held.readyState).toBe(3);
      expect(w.net.made.find((p) => p.id === 'p9')?.destroyed).toBe(true);
      expect(w.channel().url).toContain('participantId=p2&token=token-1');
      expect(w.calls()).toEqual(['p1']);
    });

    it('a join that comes before the links open opens them at once, with the reservation', async () => {
      const w = await world({ others: [person('p1')] });
      w.call.prepare(reservation('p2'));
      const joining = w.call.join('Me');
      expect(w.channel().url).toContain('participantId=p2&token=held-1');
      w.channel().open();
      // The server promotes the held channel at the join: its welcome comes beside the answer.
      deliver(w, welcome([w.self, ...w.others]));
      await whenSent(joining);
      expect(w.api.to(JOIN)[0]?.body).toMatchObject({ reservation: { participantId: 'p2', token: 'held-1' } });
      expect(w.sockets.sockets).toHaveLength(1);
      await w.net.settled();
      expect(w.calls()).toEqual(['p1']);
      // Its own task comes later and opens nothing more.
      await vi.advanceTimersByTimeAsync(0);
      expect(w.sockets.sockets).toHaveLength(1);
    });

    it('keeps a rejoin ticket for this tab: a reload comes back as the same participant, muted as before', async () => {
      const storage = new MemoryStorage();
      const first = await world({ storage, others: [person('p1')] });
      await joined(first);
      first.media.setAudioMuted(true);
      expect(first.channel().messages().at(-1)).toEqual({ type: 'media-state', audioMuted: true, videoMuted: false });
      expect(loadRejoinTicket(MEETING, storage)).toEqual({
        participantId: 'p2',
        token: 'token-1',
        name: 'Name of p2',
        audioMuted: true,
        videoMuted: false,
        rtc: joinAnswer(person('p2'), []).rtc,
        inCall: true,
      });
      // The page reloads: torn down without telling the server (its grace period covers a refresh)…
      first.call.dispose();
      expect(first.api.to(LEAVE)).toEqual([]);
      expect(
        first
          .channel()
          .messages()
          .map((m) => m.type),
      ).not.toContain('leave');
      // …and the new page restores the mute state from the ticket (as the meeting page does) and rejoins.
      let answer: (a: FakeAnswer) => void = () => undefined;
      const again = await world({
        storage,
        others: [person('p1')],
        join: () => new Promise<FakeAnswer>((resolve) => (answer = resolve)),
        net: createFakePeerNetwork(),
      });
      const ticket = loadRejoinTicket(MEETING, storage)!;
      again.media.setAudioMuted(ticket.audioMuted === true);
      const rejoining = again.call.join(ticket.name);
      await again.net.settled();
      // Its PeerJS socket and room channel open at once as the ticket's participant, beside the rejoin request.
      expect(again.net.peer('p2')?.options.token).toBe('token-1');
      expect(again.channel().url).toContain('participantId=p2&token=token-1');
      const channel = again.channel();
      answer({ json: joinAnswer(person('p2', { audioMuted: true }), [person('p1')], 'token-1', true) });
      // The rejoin kept the place: the same channel goes on. p1's page calls ours (the room told it
      // we reloaded: calls-after-reload.ts); the join's end waits for our answer (or 150 ms).
      channel.open();
      channel.receive(welcome([again.self, ...again.others]));
      await again.net.settled();
      const p1 = again.remotes.get('p1')!;
      p1.peer.call('p2', p1.camera);
      await whenSent(rejoining);
      expect(again.channel()).toBe(channel);
      await again.net.settled();
      expect(again.calls()).toEqual([]);
      expect(again.call.remoteStreams.value.get('p1')).toBe(p1.camera);
      expect(again.api.to(JOIN)[0]?.body).toEqual({
        name: 'Name of p2',
        audioMuted: true,
        videoMuted: false,
        rejoin: { participantId: 'p2', token: 'token-1' },
      });
      expect(again.call.selfId.value).toBe('p2');
      expect(again.channel().messages()[0]).toEqual({ type: 'media-state', audioMuted: true, videoMuted: false });
      expect(loadRejoinTicket(MEETING, storage)?.audioMuted).toBe(true);
    });

    it('a reload whose place the room let go meanwhile drops the links it opened and joins as the new participant', async () => {
      const storage = new MemoryStorage();
      saveRejoinTicket(MEETING, { participantId: 'p2', token: 'old', name: 'Me', rtc: joinAnswer(person('p2'), []).rtc }, storage);
      const w = await world({ storage, self: person('p5'), others: [person('p1')] });
      const rejoining = w.call.join('Me');
      const early = w.sockets.last();
      await rejoining;
      expect(early.url).toContain('participantId=p2&token=old');
      expect(early.readyState).toBe(3);
      expect(w.net.made.find((p) => p.id === 'p2')?.destroyed).toBe(true);
      expect(w.channel().url).toContain('participantId=p5&token=token-1');
      expect(w.call.selfId.value).toBe('p5');
    });

    it.each([
      [403, 'removed_by_host', 'The host removed you from this meeting.'],
      [404, 'not_found', 'This meeting does not exist.'],
    ])('a join refused with %i fails with the server’s reason and forgets the ticket', async (status, code, message) => {
      const storage = new MemoryStorage();
      saveRejoinTicket(MEETING, { participantId: 'p2', token: 'old', name: 'Me' }, storage);
      const w = await world({ storage, join: () => apiError(status, code, message) });
      await w.call.join('Me');
      expect(w.call.status.value).toBe('failed');
      expect(w.call.error.value).toBe(message);
      expect(loadRejoinTicket(MEETING, storage)).toBeNull();
      expect(w.net.made).toEqual([]);
      expect(w.sockets.sockets).toEqual([]);
    });

    it('a full room (409 room_full) fails the join with the reason, places no call and keeps the ticket for a later try', async () => {
      const storage = new MemoryStorage();
      saveRejoinTicket(MEETING, { participantId: 'p2', token: 'old', name: 'Me' }, storage);
      const message = 'This meeting is full: at most 6 people can be in it at once. Try again when someone leaves.';
      const w = await world({ storage, join: () => apiError(409, 'room_full', message) });
      await w.call.join('Me');
      expect(w.call.status.value).toBe('failed');
      expect(w.call.error.value).toBe(message);
      expect(w.net.made).toEqual([]);
      expect(loadRejoinTicket(MEETING, storage)).not.toBeNull();
    });

    it('a join that cannot reach the server says so, and keeps the ticket for the next try', async () => {
      const storage = new MemoryStorage();
      saveRejoinTicket(MEETING, { participantId: 'p2', token: 'old', name: 'Me' }, storage);
      let answer: FakeAnswer = 'network';
      const w = await world({ storage, join: () => answer });
      await w.call.join('Me');
      expect(w.call.status.value).toBe('failed');
      expect(w.call.error.value).toBe('The server cannot be reached. Check your connection and try again.');
      expect(loadRejoinTicket(MEETING, storage)?.participantId).toBe('p2');
      // A server error keeps it too.
      answer = apiError(500, 'internal', 'Something went wrong.');
      await w.call.join('Me');
      expect(w.call.error.value).toBe('Something went wrong.');
      expect(loadRejoinTicket(MEETING, storage)?.participantId).toBe('p2');
      // And the next try gets in.
      answer = { json: joinAnswer(w.self, []) };
      await w.call.join('Me');
      expect(w.call.status.value).toBe('in-call');
      expect(w.call.error.value).toBeNull();
    });

    it('a PeerServer that refuses us fails the join with a message that says what failed', async () => {
      const net = createFakePeerNetwork();
      net.refuseNextOpen('p2', 'server-error');
      const w = await world({ net });
      await w.call.join('Me');
      expect(w.call.status.value).toBe('failed');
      expect(w.call.error.value).toMatch(/^Could not connect the call: /);
      // The room channel opened beside PeerJS; the failed join closes it again.
      expect(w.sockets.sockets.every((s) => s.closedByPage)).toBe(true);
    });

    it('sends the browser’s client hints with the join, cut to what the server accepts', async () => {
      const brands = Array.from({ length: 12 }, (_, i) => ({ brand: `Brand ${i} ${'x'.repeat(80)}`, version: `${i}.0` }));
      vi.stubGlobal('navigator', {
        userAgentData: {
          getHighEntropyValues: async () => ({
            fullVersionList: brands,
            mobile: false,
            platform: 'Linux',
            platformVersion: '6.1',
            model: '',
          }),
        },
      });
      const w = await world();
      await vi.advanceTimersByTimeAsync(0); // the page has been open a moment before the click
      await w.call.join('Me');
      const hints = (w.api.to(JOIN)[0]?.body as { clientHints?: Record<string, unknown> } | undefined)?.clientHints;
      expect(hints).toEqual({
        brands: brands.slice(0, 10).map((b) => ({ brand: b.brand.slice(0, 60), version: b.version })),
        mobile: false,
        platform: 'Linux',
        platformVersion: '6.1',
      });
    });

    it('never waits for client hints: a click before they arrive joins without them', async () => {
      vi.stubGlobal('navigator', { userAgentData: { getHighEntropyValues: () => new Promise(() => undefined) } });
      const w = await world();
      await w.call.join('Me');
      expect(w.call.status.value).toBe('in-call');
      expect(w.api.to(JOIN)[0]?.body).not.toHaveProperty('clientHints');
    });

    it('joins without client hints when the browser will not give them', async () => {
      vi.stubGlobal('navigator', { userAgentData: { getHighEntropyValues: async () => Promise.reject(new Error('NotAllowed')) } });
      const w = await world();
      await w.call.join('Me');
      expect(w.call.status.value).toBe('in-call');
      expect(w.api.to(JOIN)[0]?.body).not.toHaveProperty('clientHints');
    });

    it('opens the room channel beside PeerJS, and calls those present once both are open', async () => {
      const w = await world({ others: [person('p3')] });
      w.net.hold(); // our PeerJS open is in flight
      const joining = w.call.join('Me');
      await vi.waitFor(() => expect(w.sockets.sockets).toHaveLength(1));
      w.channel().open();
      w.channel().receive(welcome([w.self, ...w.others]));
      expect(w.calls()).toEqual([]); // nobody can be called before our peer is open
      w.net.deliver();
      await joining;
      await w.net.settled();
      expect(w.calls()).toEqual(['p3']);
    });

    it('joins once even when asked twice', async () => {
      const w = await world();
      await Promise.all([w.call.join('Me'), w.call.join('Me')]);
      expect(w.api.to(JOIN)).toHaveLength(1);
      expect(w.net.made.filter((p) => p.id === 'p2')).toHaveLength(1);
    });
  });

  describe('the room ends it', () => {
    it.each([
      [LeaveReason.Removed, 'removed'],
      [LeaveReason.Ended, 'ended'],
    ] as const)('closed as %s: the call is over and a reload does not come back', async (reason, status) => {
      const w = await world({ others: [person('p3')] });
      await joined(w);
      w.channel().serverClose(RoomCloseCode.Left, reason);
      expect(w.call.status.value).toBe(status);
      expect(loadRejoinTicket(MEETING, w.storage)).toBeNull();
      expect(w.net.peer('p2')).toBeUndefined();
      expect(w.call.remoteStreams.value.size).toBe(0);
    });

    it('refused as unauthorized: failed, saying so', async () => {
      const w = await world();
      await joined(w);
      w.channel().serverClose(RoomCloseCode.Unauthorized, 'bad token');
      expect(w.call.status.value).toBe('failed');
      expect(w.call.error.value).toBe('You are no longer in this call (bad token).');
    });

    it('the host ends the meeting: ended for everyone', async () => {
      const w = await world();
      await joined(w);
      deliver(w, { type: 'meeting-ended', by: 'Hanna' });
      expect(w.call.status.value).toBe('ended');
      expect(loadRejoinTicket(MEETING, w.storage)).toBeNull();
    });
  });

  it('leaving tells the room over its channel (not the API as well: that answered 403), forgets the ticket, and turns the devices off', async () => {
    const w = await world({ others: [person('p3')] });
    await joined(w);
    const socket = w.channel();
    w.call.leave();
    expect(socket.messages().at(-1)).toEqual({ type: 'leave' });
    expect(w.api.to(LEAVE)).toEqual([]);
    expect(w.call.status.value).toBe('left');
    expect(loadRejoinTicket(MEETING, w.storage)).toBeNull();
    expect(w.media.audioTrack.value).toBeNull();
    expect(w.devices.live.every((t) => t.readyState === 'ended')).toBe(true);
    expect(w.net.offers[0]?.call.closed).toBe(true);
    expect(socket.closedByPage?.code).toBe(1000);
  });

  it('leaving while the room channel is down tells the API instead (keepalive, so it survives the page)', async () => {
    const w = await world({ others: [person('p3')] });
    await joined(w);
    w.channel().serverClose(1006);
    expect(w.call.channelStatus.value).toBe('reconnecting');
    w.call.leave();
    expect(w.api.to(LEAVE)).toMatchObject([{ body: { participantId: 'p2', token: 'token-1' }, keepalive: true }]);
    expect(w.call.status.value).toBe('left');
  });

  it('turning on a camera we had gone without starts it, and the room hears it is on', async () => {
    const w = await world({ others: [person('p3')] });
    w.media.decline('video');
    await joined(w);
    expect(w.channel().messages().at(-1)).toEqual({ type: 'media-state', audioMuted: false, videoMuted: true });
    w.call.toggleVideo();
    await vi.waitFor(() => expect(w.media.videoTrack.value).not.toBeNull());
    expect(w.media.videoMuted.value).toBe(false);
    expect(w.channel().messages().at(-1)).toEqual({ type: 'media-state', audioMuted: false, videoMuted: false });
    // …and the calls send it (it replaced the black placeholder).
    expect(w.net.offers[0]?.call.peerConnection?.video.track).toBe(w.media.videoTrack.value);
  });

  it('a device switched during the call goes out on every call without a new call', async () => {
    const w = await world({ others: [person('p1'), person('p3')] });
    await joined(w);
    await w.media.selectDevice('video', 'cam-2');
    const camera2 = w.devices.liveTrack('cam-2');
    expect(camera2).toBeDefined();
    // Swapped in a task of its own, not in the one the camera arrived in.
    for (const offer of w.net.offers) expect(offer.call.peerConnection?.video.track).not.toBe(camera2);
    await vi.advanceTimersByTimeAsync(0);
    for (const offer of w.net.offers) expect(offer.call.peerConnection?.video.track).toBe(camera2);
    expect(w.net.offers).toHaveLength(2);
  });

  it('retrying a failed connection fetches fresh ICE servers first, then calls again with them', async () => {
    const w = await world({ others: [person('p3')] });
    await joined(w);
    await w.call.retryConnection('p3');
    await w.net.settled();
    expect(w.api.to(RTC)[0]?.headers['x-participant-id']).toBe('p2');
    expect(w.calls()).toEqual(['p3', 'p3']);
    expect(w.net.offers[1]?.call.peerConnection?.getConfiguration().iceServers).toEqual([
      { urls: 'turn:turn.example.org', username: 'fresh', credential: 'c' },
    ]);
  });

  it('sharing our screen: the room hears it, everyone present and every newcomer gets it', async () => {
    const w = await world({ others: [person('p3')] });
    await joined(w);
    const screen = fakeStream('video');
    w.call.screen.use(screen);
    expect(w.channel().messages().at(-1)).toEqual({ type: 'screen-share', active: true });
    deliver(w, { type: 'participant-joined', participant: person('p5') });
    await w.net.remote('p5');
    const screenCalls = () => w.net.offers.filter((o) => (o.call.metadata as { kind?: string } | undefined)?.kind === 'screen');
    expect(screenCalls().map((o) => o.to)).toEqual(['p3', 'p5']);
    // Someone else takes over: the room says we no longer share.
    deliver(w, { type: 'participant-updated', participant: person('p2', { screenSharing: true }) });
    deliver(w, { type: 'participant-updated', participant: person('p2') });
    expect(w.call.screen.stream.value).toBeNull();
    expect(w.call.screen.notice.value).toMatch(/Someone else started sharing/);
    expect(screenCalls().every((o) => o.call.closed)).toBe(true);
  });
});
