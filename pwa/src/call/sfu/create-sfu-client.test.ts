import { describe, expect, it } from 'vitest';
import { FakeJanusRoom } from '../../../../test/pwa/fake-janus.ts';
import { asTrack, FakeTrack } from '../../../../test/pwa/fake-media.ts';
import { createSfuClient } from './create-sfu-client.ts';

function setup(feeds: string[] = []) {
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
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { room, client, local, settle };
}

describe('the SFU client', () => {
  it('publishes our tracks once, send-only, and subscribes to everyone who published before', async () => {
    const { room, client, local } = setup(['bob', 'carol']);
    await client.ready;
    expect(client.status.value).toBe('ready');
    expect(room.socket.protocol).toBe('janus-protocol');
    const publisher = room.pcs[0]!;
    expect(publisher.transceivers).toEqual(local.map((track) => ({ track, direction: 'sendonly' })));
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
});
