import { describe, expect, it } from 'vitest';
import { FakeJanusRoom } from '../../../../test/pwa/fake-janus.ts';
import { asTrack, FakeTrack } from '../../../../test/pwa/fake-media.ts';
import { createSfuClient } from './create-sfu-client.ts';
import { SIMULCAST_ENCODINGS, Substream } from './simulcast.ts';

function setup(feeds: string[] = [], more: { simulcast?: boolean } = {}) {
  const room = new FakeJanusRoom();
  room.feeds.push(...feeds);
  const local = [asTrack(new FakeTrack('audio')), asTrack(new FakeTrack('video'))];
  const client = createSfuClient({
    url: 'ws://meet.test/ws/sfu/m1?participantId=me&token=t',
    meetingId: 'm1',
    selfId: 'me',
    rtc: { iceServers: [] },
    localTracks: () => local,
    browser: room.browser(),
    ...more,
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { room, client, local, settle };
}

describe('the SFU client', () => {
  it("bundles each connection on one transport, with the meeting's ICE servers", async () => {
    const { room, client } = setup(['bob']);
    await client.ready;
    expect(room.pcs.length).toBeGreaterThanOrEqual(2);
    for (const pc of room.pcs) expect(pc.config).toEqual({ bundlePolicy: 'max-bundle', iceServers: [] });
  });

  it('publishes our tracks once, send-only, and subscribes to everyone who published before', async () => {
    const { room, client, local } = setup(['bob', 'carol']);
    await client.ready;
    expect(client.status.value).toBe('ready');
    expect(room.socket.protocol).toBe('janus-protocol');
    const publisher = room.pcs[0]!;
    // The camera in three layers, high to low (simulcast.ts); the microphone as it is.
    expect(publisher.transceivers).toEqual([
      { track: local[0], direction: 'sendonly' },
      { track: local[1], direction: 'sendonly', sendEncodings: SIMULCAST_ENCODINGS },
    ]);
    expect(publisher.transceivers[1]!.sendEncodings!.map((e) => [e.rid, e.scaleResolutionDownBy ?? 1])).toEqual([
      ['h', 1],
      ['m', 2],
      ['l', 4],
    ]);
    expect(publisher.remoteDescription).toEqual({ type: 'answer', sdp: 'answer' });
    expect([...client.remoteStreams.value.keys()].sort()).toEqual(['bob', 'carol']);
    expect(
      client.remoteStreams.value
        .get('bob')!
        .getTracks()
        .map((t) => t.kind),
    ).toEqual(['audio', 'video']);
    // The proxy adds the secret and checks the room; the page sends neither secret nor a feed id of its own.
    const joins = room.sent.filter((f) => f.body?.request === 'join');
    expect(joins.map((f) => [f.body.ptype, f.body.room])).toEqual([
      ['publisher', 'm1'],
      ['subscriber', 'm1'],
      ['subscriber', 'm1'],
    ]);
    expect(room.sent.some((f) => 'apisecret' in f || 'id' in (f.body ?? {}))).toBe(false);
    expect(room.sent.filter((f) => f.janus === 'trickle').length).toBeGreaterThanOrEqual(3);
  });

  it('subscribes to a newcomer and lets go of someone who left', async () => {
    const { room, client, settle } = setup(['bob']);
    await client.ready;
    room.announce('dana');
    await expect.poll(() => [...client.remoteStreams.value.keys()]).toEqual(['bob', 'dana']);
    const bobHandle = room.sent.find((f) => f.body?.streams?.[0]?.feed === 'bob')!.handle_id;
    room.leave('bob');
    await settle();
    expect([...client.remoteStreams.value.keys()]).toEqual(['dana']);
    expect(room.detached).toContain(bobHandle);
    expect(room.pcs.filter((pc) => pc.closed)).toHaveLength(1);
  });

  it('never subscribes to our own feed, and gives up a feed that is gone', async () => {
    const { room, client, settle } = setup(['me']);
    await client.ready;
    room.socket.deliver({ janus: 'event', sender: room.publisherHandle, plugindata: { data: { publishers: [{ id: 'ghost' }] } } });
    await settle();
    await settle();
    expect(client.remoteStreams.value.size).toBe(0);
  });

  it('swaps a published track without renegotiating', async () => {
    const { room, client } = setup();
    await client.ready;
    const camera = asTrack(new FakeTrack('video'));
    await client.replaceTrack('video', camera);
    expect(room.pcs[0]!.replaced).toEqual([camera]);
    expect(room.sent.filter((f) => f.body?.request === 'publish')).toHaveLength(1);
  });

  it('fails when the socket drops, and closes everything on dispose', async () => {
    const { room, client } = setup(['bob']);
    await client.ready;
    room.socket.close(1011);
    expect(client.status.value).toBe('failed');
    client.dispose();
    expect(client.status.value).toBe('closed');
    expect(room.pcs.every((pc) => pc.closed)).toBe(true);
    expect(client.remoteStreams.value.size).toBe(0);
  });

  it('fails ready when Janus refuses', async () => {
    const room = new FakeJanusRoom();
    room.answer = (socket, frame) =>
      socket.deliver({ janus: 'error', transaction: frame.transaction, error: { code: 403, reason: 'refused' } });
    const client = createSfuClient({
      url: 'ws://x',
      meetingId: 'm1',
      selfId: 'me',
      rtc: {},
      localTracks: () => [],
      browser: room.browser(),
    });
    await expect(client.ready).rejects.toMatchObject({ code: 403 });
    expect(client.status.value).toBe('failed');
  });

  it('sends one layer when simulcast is off', async () => {
    const { room, client, local } = setup([], { simulcast: false });
    await client.ready;
    expect(room.pcs[0]!.transceivers).toEqual(local.map((track) => ({ track, direction: 'sendonly' })));
  });

  it('publishes our screen as a second feed, <selfId>~screen, and detaches it when the share stops', async () => {
    const { room, client, settle } = setup(['bob']);
    await client.ready;
    const screen = new (room.browser().MediaStream)([asTrack(new FakeTrack('video'))]);
    await client.shareScreen(screen);
    const join = room.sent.find((f) => f.body?.request === 'join' && f.body.id === 'me~screen')!;
    expect(join.body).toMatchObject({ ptype: 'publisher', room: 'm1' });
    expect(join.handle_id).not.toBe(room.publisherHandle);
    const screenPc = room.pcs.at(-1)!;
    // One layer for a screen: its detail matters more than a small copy.
    expect(screenPc.transceivers).toEqual([{ track: screen.getVideoTracks()[0], direction: 'sendonly' }]);
    expect(screenPc.remoteDescription).toEqual({ type: 'answer', sdp: 'answer' });
    expect(room.sent.filter((f) => f.body?.request === 'publish').map((f) => f.handle_id)).toEqual([room.publisherHandle, join.handle_id]);
    // The same stream again changes nothing; null stops it.
    await client.shareScreen(screen);
    expect(room.sent.filter((f) => f.body?.id === 'me~screen')).toHaveLength(1);
    await client.shareScreen(null);
    await settle();
    expect(room.detached).toContain(join.handle_id);
    expect(screenPc.closed).toBe(true);
    expect(room.pcs[0]!.closed).toBe(false);
  });

  it('shows another participant’s screen feed as their screen, never ours', async () => {
    const { room, client, settle } = setup(['bob']);
    await client.ready;
    room.announce('bob~screen');
    room.announce('me~screen');
    await expect.poll(() => [...client.remoteScreens.value.keys()]).toEqual(['bob']);
    await settle();
    expect([...client.remoteStreams.value.keys()]).toEqual(['bob']);
    expect(client.remoteScreens.value.get('bob')).not.toBe(client.remoteStreams.value.get('bob'));
    expect(room.sent.some((f) => f.body?.streams?.[0]?.feed === 'me~screen')).toBe(false);
    // A screen is not simulcast: its subscription asks for no layer, and only cameras are rated as links.
    expect(room.sent.find((f) => f.body?.streams?.[0]?.feed === 'bob~screen')!.body.streams[0]).toEqual({ feed: 'bob~screen' });
    expect([...client.peerConnections().keys()]).toEqual(['bob']);
    room.leave('bob~screen');
    await settle();
    expect(client.remoteScreens.value.size).toBe(0);
    expect(client.remoteStreams.value.has('bob')).toBe(true);
  });

  it('receives the grid’s cameras in the low layer and the focused one in the high layer', async () => {
    const { room, client, settle } = setup(['bob', 'carol']);
    await client.ready;
    const joins = room.sent.filter((f) => f.body?.request === 'join' && f.body.ptype === 'subscriber');
    expect(joins.map((f) => f.body.streams)).toEqual([
      [{ feed: 'bob', substream: Substream.Low }],
      [{ feed: 'carol', substream: Substream.Low }],
    ]);
    const handleOf = (feed: string) => joins.find((f) => f.body.streams[0].feed === feed)!.handle_id;
    const configures = () => room.sent.filter((f) => f.body?.request === 'configure').map((f) => [f.handle_id, f.body.streams]);
    client.preferHigh(new Set(['carol']));
    await settle();
    // On the subscriber's handle, naming the video m-line Janus gave it.
    expect(configures()).toEqual([[handleOf('carol'), [{ mid: '1', substream: Substream.High }]]]);
    client.preferHigh(new Set(['carol']));
    await settle();
    expect(configures()).toHaveLength(1);
    client.preferHigh(new Set(['bob']));
    await settle();
    expect(configures().slice(1)).toEqual([
      [handleOf('bob'), [{ mid: '1', substream: Substream.High }]],
      [handleOf('carol'), [{ mid: '1', substream: Substream.Low }]],
    ]);
    // A newcomer starts in the layer its tile wants.
    client.preferHigh(new Set(['dana']));
    room.announce('dana');
    await expect.poll(() => client.remoteStreams.value.has('dana')).toBe(true);
    expect(room.sent.find((f) => f.body?.streams?.[0]?.feed === 'dana')!.body.streams).toEqual([
      { feed: 'dana', substream: Substream.High },
    ]);
  });
});
