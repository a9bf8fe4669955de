import { afterEach, describe, expect, it } from 'vitest';
import { createNetworkMonitor, type NetworkMonitor } from './create-network-monitor.ts';
import { asPeerConnections, FakePc } from '../../../test/pwa/fake-peer-connection.ts';

let monitor: NetworkMonitor | null = null;
afterEach(() => monitor?.dispose());

function setup(pcs: Record<string, FakePc>, remotes = Object.keys(pcs).length, cameraOn = () => true) {
  monitor = createNetworkMonitor({
    connections: () => asPeerConnections(pcs),
    remotes: () => remotes,
    cameraOn,
    intervalMs: 60_000,
  });
  return monitor;
}

describe('network monitor', () => {
  it('gives audio priority once and caps video by the size of the mesh', async () => {
    const pc = new FakePc().flow();
    const m = setup({ a: pc }, 5);
    await m.tick();
    expect(pc.audio.encoding).toMatchObject({ priority: 'high', networkPriority: 'high' });
    expect(pc.video.encoding).toMatchObject({ active: true, maxBitrate: 300_000, scaleResolutionDownBy: 1.5, maxFramerate: 24 });
    await m.tick();
    expect(pc.audio.sets).toBe(1);
    expect(m.links.value.get('a')).toMatchObject({ quality: 'good', route: 'relay', rttMs: 30, videoStalled: false });
  });

  it('stops our video on a link that stays very lossy, and says our connection is poor', async () => {
    const pc = new FakePc().flow();
    const m = setup({ a: pc });
    await m.tick();
    expect(m.own.value).toBe('good');
    pc.flow({ lostByRemote: 30 });
    await m.tick();
    expect(m.links.value.get('a')).toMatchObject({ send: 'poor', quality: 'poor' });
    expect(m.own.value).toBe('fair'); // one bad poll is not yet a notice
    expect(pc.video.encoding.active).toBe(true);
    pc.flow({ lostByRemote: 30 });
    await m.tick();
    expect(m.own.value).toBe('poor');
    expect(pc.video.encoding.active).toBe(false);
    expect(m.links.value.get('a')!.decision).toMatchObject({ audioOnly: true });
  });

  it('rates our own connection fine when only one of three people sends us trouble', async () => {
    const [a, b, c] = [new FakePc().flow(), new FakePc().flow(), new FakePc().flow()];
    const m = setup({ a, b, c });
    await m.tick();
    for (let i = 0; i < 3; i++) {
      a.flow({ lost: 20 });
      b.flow();
      c.flow();
      await m.tick();
    }
    expect(m.links.value.get('a')!.quality).toBe('poor');
    expect(m.links.value.get('b')!.quality).toBe('good');
    expect(m.own.value).toBe('good');
  });

  it('notices when their video stops arriving', async () => {
    const pc = new FakePc().flow();
    const m = setup({ a: pc });
    await m.tick();
    pc.flow({ frames: 0 });
    await m.tick();
    expect(m.links.value.get('a')!.videoStalled).toBe(false);
    pc.flow({ frames: 0 });
    await m.tick();
    expect(m.links.value.get('a')!.videoStalled).toBe(true);
    pc.flow({ frames: 30 });
    await m.tick();
    expect(m.links.value.get('a')!.videoStalled).toBe(false);
  });

  it('notices a camera whose frames never leave (encoded and sent stay at 0 while its track is live), and clears when they do', async () => {
    const pc = new FakePc().flow({ encoded: 0 });
    const m = setup({ a: pc });
    await m.tick();
    for (let i = 0; i < 2; i++) {
      pc.flow({ encoded: 0 });
      await m.tick();
      expect(m.links.value.get('a')!.cameraNotSending).toBe(false); // not at the first polls: a camera may start slowly
    }
    pc.flow({ encoded: 0 });
    await m.tick();
    expect(m.links.value.get('a')!.cameraNotSending).toBe(true);
    pc.flow({ encoded: 15 });
    await m.tick();
    expect(m.links.value.get('a')!.cameraNotSending).toBe(false);
  });

  type SentTrack = FakePc['video']['track'];
  it.each<[string, SentTrack, boolean]>([
    ['the camera is off (or a placeholder is sent)', { readyState: 'live', enabled: true }, false],
    ['the track has ended', { readyState: 'ended', enabled: true }, true],
    ['the track is disabled', { readyState: 'live', enabled: false }, true],
  ])('says nothing about frames that do not leave when %s', async (_name, track, on) => {
    const cameraOn = () => on;
    const prepare = (pc: FakePc) => {
      pc.video.track = track;
      return pc;
    };
    const pc = prepare(new FakePc().flow({ encoded: 0 }));
    const m = setup({ a: pc }, 1, cameraOn);
    for (let i = 0; i < 5; i++) {
      pc.flow({ encoded: 0 });
      await m.tick();
    }
    expect(m.links.value.get('a')!.cameraNotSending).toBe(false);
  });

  it('says nothing while the bitrate policy has paused our video (audio only)', async () => {
    const pc = new FakePc().flow();
    const m = setup({ a: pc });
    await m.tick();
    for (let i = 0; i < 6; i++) {
      pc.flow({ lostByRemote: 30, encoded: 0 });
      await m.tick();
    }
    expect(m.links.value.get('a')!.decision).toMatchObject({ audioOnly: true });
    expect(m.links.value.get('a')!.cameraNotSending).toBe(false);
  });

  it('leaves out connections that are not up, and forgets those that are gone', async () => {
    const up = new FakePc().flow();
    const down = new FakePc();
    down.connectionState = 'connecting';
    const pcs: Record<string, FakePc> = { up, down };
    const m = setup(pcs);
    await m.tick();
    expect([...m.links.value.keys()]).toEqual(['up']);
    delete pcs.up;
    await m.tick();
    expect(m.links.value.size).toBe(0);
    expect(m.own.value).toBe('unknown');
  });
});
