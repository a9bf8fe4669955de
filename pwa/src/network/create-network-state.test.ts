import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import type { Participant } from '../../../shared/api/participants.ts';
import type { LinkStatus } from './connection-verdict.ts';
import { createNetworkState, type NetworkState } from './create-network-state.ts';
import { asPeerConnections, FakePc } from '../../../test/pwa/fake-peer-connection.ts';

const person = (id: string, name: string, over: Partial<Participant> = {}): Participant => ({
  id,
  name,
  role: 'guest',
  audioMuted: false,
  videoMuted: false,
  presence: 'connected',
  screenSharing: false,
  joinedAt: '2026-01-01T00:00:00Z',
  ...over,
});

let state: NetworkState | null = null;
afterEach(() => state?.dispose());

function setup(pcs: Record<string, FakePc>, dialIn?: { number: string; pin: string }, cameraOn = () => true) {
  const call = {
    selfId: signal<string | null>('me'),
    participants: signal([person('me', 'Me'), person('a', 'Ana'), person('b', 'Ben')]),
    linkStatus: signal<ReadonlyMap<string, LinkStatus>>(new Map()),
    peerConnections: () => asPeerConnections(pcs),
  };
  state = createNetworkState({ call, dialIn, cameraOn, intervalMs: 60_000 });
  return { call, network: state };
}

describe('network state for the room', () => {
  it('puts a failed connection on its tile and in a notice with guidance', async () => {
    const { call, network } = setup({}, { number: '+1 555 0100', pin: '12345678' });
    call.linkStatus.value = new Map([['b', { state: 'failed', reason: 'turn-refused' }]]);
    // The failure loads the network's words (their own chunk); until they are here there is nothing to say.
    expect(network.notice.value).toBeNull();
    await network.textsReady();
    expect(network.tiles.value.get('b')!.failure).toBe('Could not connect to Ben: the network blocks the call (TURN refused)');
    expect(network.tiles.value.get('a')!.failure).toBeNull();
    expect(network.notice.value).toMatchObject({ kind: 'connection-failed', title: expect.stringContaining('Could not connect to Ben') });
    expect(network.notice.value!.tips.join(' ')).toContain('call +1 555 0100 and enter the PIN 12345678#');
  });

  it('shows quality per tile and a weak own connection with tips, dismissible until it ends', async () => {
    const a = new FakePc().flow();
    const b = new FakePc().flow();
    const { network } = setup({ a, b });
    await network.tick();
    expect(network.tiles.value.get('a')).toMatchObject({ quality: 'good', detail: expect.stringContaining('through the relay server') });
    for (let i = 0; i < 2; i++) {
      a.flow({ lostByRemote: 15 });
      b.flow({ lostByRemote: 15 });
      await network.tick();
    }
    expect(network.self.value.quality).toBe('poor');
    expect(network.notice.value).toMatchObject({ kind: 'own-poor' });
    expect(network.notice.value!.tips[0]).toMatch(/Turn off your camera/);
    network.dismiss('own-poor');
    expect(network.notice.value).toBeNull();
  });

  it('tells the sender when their camera is on but its frames never leave, until they do', async () => {
    const a = new FakePc().flow({ encoded: 0 });
    const camera = { on: true };
    const { network } = setup({ a }, undefined, () => camera.on);
    await network.tick();
    for (let i = 0; i < 3; i++) {
      a.flow({ encoded: 0 });
      await network.tick();
    }
    expect(network.notice.value).toMatchObject({ kind: 'camera-not-sending', title: expect.stringContaining('The others cannot see you') });
    expect(network.notice.value!.tips[0]).toMatch(/another camera in Settings/);
    // They turn the camera off: nothing to say any more.
    camera.on = false;
    a.flow({ encoded: 0 });
    await network.tick();
    expect(network.notice.value).toBeNull();
  });

  it('says when their video is paused, unless they turned their camera off', async () => {
    const a = new FakePc().flow();
    const { call, network } = setup({ a });
    await network.tick();
    for (let i = 0; i < 2; i++) {
      a.flow({ frames: 0 });
      await network.tick();
    }
    expect(network.tiles.value.get('a')!.videoPaused).toBe(true);
    call.participants.value = [person('me', 'Me'), person('a', 'Ana', { videoMuted: true })];
    expect(network.tiles.value.get('a')!.videoPaused).toBe(false);
  });
});
