import { describe, expect, it } from 'vitest';
import {
  asTrack,
  cam,
  FakeMediaDevices,
  FakeMediaStreamClass,
  fakePlaceholders,
  FakeTrack,
  MemoryStorage,
  mic,
} from '../../../test/pwa/fake-media.ts';
import { createLocalMedia } from './local-media.ts';

function setup(
  devices = new FakeMediaDevices([mic('mic-1', 'Desk mic'), mic('mic-2', 'Headset'), cam('cam-1', 'Webcam'), cam('cam-2', 'USB camera')]),
) {
  const storage = new MemoryStorage();
  const placeholders = fakePlaceholders();
  const media = createLocalMedia({ mediaDevices: devices, MediaStream: FakeMediaStreamClass, placeholders, storage });
  return { media, devices, storage, placeholders };
}

/** Media whose devices answer only once `open()` is called (a camera that takes its time to start). */
function slowDevices(devices: FakeMediaDevices) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const placeholders = fakePlaceholders();
  /** Tasks the media left for later (stopping the pending tracks it let go). */
  const waiting: (() => void)[] = [];
  const runLater = () => {
    for (const task of waiting.splice(0)) task();
  };
  const media = createLocalMedia({
    mediaDevices: {
      getUserMedia: async (c) => {
        await gate;
        return devices.getUserMedia(c ?? {});
      },
    },
    MediaStream: FakeMediaStreamClass,
    placeholders,
    storage: new MemoryStorage(),
    later: (task) => waiting.push(task),
  });
  return { media, placeholders, open, runLater };
}

/** The labels of the tracks the calls are sent. */
const sentLabels = (media: ReturnType<typeof createLocalMedia>) =>
  media
    .sendStream()
    .getTracks()
    .map((t) => t.label);
const deviceOf = (track: MediaStreamTrack | null) => (track as unknown as FakeTrack | null)?.deviceId;
/** Lets the fake devices answer (getUserMedia is asynchronous). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('local media', () => {
  it('starts the default camera and microphone, unmuted, and sends them', async () => {
    const { media } = setup();
    await media.start();
    expect(deviceOf(media.audioTrack.value)).toBe('mic-1');
    expect(deviceOf(media.videoTrack.value)).toBe('cam-1');
    expect(media.error.value).toBeNull();
    expect([media.sendsNoAudio.value, media.sendsNoVideo.value]).toEqual([false, false]);
    const sent = media.sendStream();
    expect(sent.getAudioTracks()).toEqual([media.audioTrack.value]);
    expect(sent.getVideoTracks()).toEqual([media.videoTrack.value]);
    expect(media.previewStream.value?.getVideoTracks()).toEqual([media.videoTrack.value]);
  });

  it('asks for the devices remembered on this device first', async () => {
    const { media, devices, storage } = setup();
    storage.setItem('media-devices', JSON.stringify({ audioinput: 'mic-2', videoinput: 'cam-2' }));
    await media.start();
    expect(deviceOf(media.audioTrack.value)).toBe('mic-2');
    expect(deviceOf(media.videoTrack.value)).toBe('cam-2');
    expect(devices.requests).toContainEqual({ audio: expect.objectContaining({ deviceId: { exact: 'mic-2' }, echoCancellation: true }) });
  });

  it('falls back to the default when the remembered device is gone', async () => {
    const { media, storage } = setup();
    storage.setItem('media-devices', JSON.stringify({ videoinput: 'cam-unplugged' }));
    await media.start();
    expect(deviceOf(media.videoTrack.value)).toBe('cam-1');
    expect(media.errors.value.video).toBeNull();
  });

  it('without any device: says which are missing, and sends placeholders so every call still has both senders', async () => {
    const { media, placeholders } = setup(new FakeMediaDevices([]));
    await media.start();
    expect(media.audioTrack.value).toBeNull();
    expect(media.error.value).toMatchObject({ kind: 'both', failure: 'no-device' });
    expect([media.sendsNoAudio.value, media.sendsNoVideo.value]).toEqual([true, true]);
    const sent = media.sendStream();
    expect(sent.getAudioTracks().map((t) => t.label)).toEqual(['silence']);
    expect(sent.getVideoTracks().map((t) => t.label)).toEqual(['black']);
    // The same placeholders every time (no new track per call).
    media.sendStream();
    expect(placeholders.made).toHaveLength(2);
  });

  it('while the devices start, sends pending tracks (no placeholder made), then the devices, and lets the pending ones go later', async () => {
    const { media, placeholders, open, runLater } = slowDevices(new FakeMediaDevices([mic('mic-1'), cam('cam-1')]));
    const started = media.start();
    expect([media.outgoingAudio.value.label, media.outgoingVideo.value.label]).toEqual(['pending audio', 'pending video']);
    expect(sentLabels(media)).toEqual(['pending audio', 'pending video']);
    expect(placeholders.made).toHaveLength(0);
    expect(media.starting.value).toBe(true);
    open();
    await started;
    expect(media.starting.value).toBe(false);
    expect([media.outgoingAudio.value, media.outgoingVideo.value]).toEqual([media.audioTrack.value, media.videoTrack.value]);
    // Stopping one costs the main thread up to 21 ms: not in the moment the devices come in.
    expect(placeholders.pendingMade.map((t) => t.readyState)).toEqual(['live', 'live']);
    runLater();
    expect(placeholders.pendingMade.map((t) => t.readyState)).toEqual(['ended', 'ended']);
    expect(placeholders.made).toHaveLength(0);
  });

  it('stopping the media stops the pending tracks still waiting to be let go', async () => {
    const { media, placeholders, open, runLater } = slowDevices(new FakeMediaDevices([mic('mic-1'), cam('cam-1')]));
    const started = media.start();
    expect(sentLabels(media)).toEqual(['pending audio', 'pending video']);
    open();
    await started;
    media.stop();
    expect(placeholders.pendingMade.map((t) => t.readyState)).toEqual(['ended', 'ended']);
    runLater();
    expect(placeholders.pendingMade.map((t) => t.readyState)).toEqual(['ended', 'ended']);
  });

  it('a device that fails to start: its pending track gives way to the lasting placeholder', async () => {
    const { media, placeholders, open, runLater } = slowDevices(new FakeMediaDevices([mic('mic-1')]));
    const started = media.start();
    expect(media.outgoingVideo.value.label).toBe('pending video');
    open();
    await started;
    runLater();
    expect(media.outgoingVideo.value.label).toBe('black');
    expect(placeholders.pendingMade.find((t) => t.kind === 'video')?.readyState).toBe('ended');
  });

  it('without a pending track (browsers without a track generator): the lasting placeholder is sent meanwhile', async () => {
    const devices = new FakeMediaDevices([mic('mic-1'), cam('cam-1')]);
    const placeholders = { ...fakePlaceholders(), pending: () => null };
    const media = createLocalMedia({
      mediaDevices: devices,
      MediaStream: FakeMediaStreamClass,
      placeholders,
      storage: new MemoryStorage(),
    });
    const started = media.start();
    expect(media.outgoingVideo.value.label).toBe('black');
    await started;
    expect(media.outgoingVideo.value).toBe(media.videoTrack.value);
  });

  it('a camera missing but a microphone present: sends the microphone and a black picture', async () => {
    const { media } = setup(new FakeMediaDevices([mic('mic-1')]));
    await media.start();
    expect(media.error.value).toMatchObject({ kind: 'video', failure: 'no-device' });
    const sent = media.sendStream();
    expect(sent.getAudioTracks()).toEqual([media.audioTrack.value]);
    expect(sent.getVideoTracks().map((t) => t.label)).toEqual(['black']);
  });

  it('plugging a device in later: retry takes it, and the send stream swaps the placeholder for it', async () => {
    const { media, devices } = setup(new FakeMediaDevices([mic('mic-1')]));
    await media.start();
    const sent = media.sendStream();
    devices.plug(cam('cam-new', 'New camera'));
    await media.retry('video');
    expect(media.errors.value.video).toBeNull();
    expect(media.sendStream()).toBe(sent);
    expect(sent.getVideoTracks()).toEqual([media.videoTrack.value]);
    expect(deviceOf(media.outgoingVideo.value)).toBe('cam-new');
  });

  it.each([
    ['permission refused', (d: FakeMediaDevices) => d.deny(), 'permission-denied'],
    ['camera used by another app', (d: FakeMediaDevices) => d.busy('cam-1'), 'device-in-use'],
  ] as const)('classifies a failing device: %s', async (_name, breakIt, failure) => {
    const { media, devices } = setup();
    breakIt(devices);
    await media.start();
    expect(media.errors.value.video).toMatchObject({ kind: 'video', failure });
    expect(media.videoTrack.value).toBeNull();
  });

  it('a browser without mediaDevices: both unsupported, nothing asked', async () => {
    const media = createLocalMedia({
      mediaDevices: {} as MediaDevices,
      MediaStream: FakeMediaStreamClass,
      placeholders: fakePlaceholders(),
    });
    await media.start();
    expect(media.errors.value).toMatchObject({ audio: { failure: 'unsupported' }, video: { failure: 'unsupported' } });
    expect(media.starting.value).toBe(false);
  });

  it('mutes by disabling the track (the senders stay), and a track started later keeps the mute', async () => {
    const { media, devices } = setup(new FakeMediaDevices([mic('mic-1')]));
    await media.start();
    const micTrack = media.audioTrack.value!;
    media.setAudioMuted(true);
    expect(micTrack.enabled).toBe(false);
    expect(media.sendsNoAudio.value).toBe(true);
    expect(media.sendStream().getAudioTracks()).toEqual([micTrack]);
    media.setAudioMuted(false);
    expect(micTrack.enabled).toBe(true);
    media.setVideoMuted(true);
    devices.plug(cam('cam-1'));
    await media.retry('video');
    expect(media.videoTrack.value?.enabled).toBe(false);
    expect(media.sendsNoVideo.value).toBe(true);
  });

  it('switches device: the new track replaces the old (which stops), and the choice is remembered', async () => {
    const { media, devices, storage } = setup();
    await media.start();
    const before = devices.liveTrack('cam-1')!;
    media.setVideoMuted(true);
    await media.selectDevice('video', 'cam-2');
    expect(deviceOf(media.videoTrack.value)).toBe('cam-2');
    expect(before.readyState).toBe('ended');
    expect(media.videoTrack.value?.enabled).toBe(false); // still muted
    expect(JSON.parse(storage.getItem('media-devices')!)).toEqual({ videoinput: 'cam-2' });
    expect(media.sendStream().getVideoTracks()).toEqual([media.videoTrack.value]);
  });

  it('a device that cannot be switched to leaves the current one and says why', async () => {
    const { media, devices, storage } = setup();
    await media.start();
    devices.busy('cam-2');
    await media.selectDevice('video', 'cam-2');
    expect(deviceOf(media.videoTrack.value)).toBe('cam-1');
    expect(media.notice.value).toBe('That camera cannot be used: Could not start video source');
    expect(storage.getItem('media-devices')).toBeNull();
  });

  it('switches to the next camera (front ↔ back), round the list', async () => {
    const { media } = setup();
    await media.start();
    await media.switchCamera(['cam-1', 'cam-2']);
    expect(deviceOf(media.videoTrack.value)).toBe('cam-2');
    await media.switchCamera(['cam-1', 'cam-2']);
    expect(deviceOf(media.videoTrack.value)).toBe('cam-1');
  });

  it('a device unplugged mid-call: switches to another and says so', async () => {
    const { media, devices } = setup();
    await media.start();
    devices.unplug('mic-1');
    await settle();
    expect(deviceOf(media.audioTrack.value)).toBe('mic-2');
    expect(media.notice.value).toBe('Desk mic stopped working; switched to another microphone.');
  });

  it('the last device unplugged: no track, the error, a notice, and a placeholder on the calls', async () => {
    const { media, devices } = setup(new FakeMediaDevices([mic('mic-1'), cam('cam-1', 'Webcam')]));
    await media.start();
    devices.unplug('cam-1');
    await settle();
    expect(media.videoTrack.value).toBeNull();
    expect(media.errors.value.video).toMatchObject({ failure: 'no-device' });
    expect(media.notice.value).toBe('Webcam stopped working and no other camera is available.');
    expect(media.outgoingVideo.value.label).toBe('black');
    expect(media.sendsNoVideo.value).toBe(true);
  });

  it('declining a kind goes without it (muted, no track, no error) until retried', async () => {
    const { media } = setup();
    media.decline('video');
    await media.start();
    expect(media.videoTrack.value).toBeNull();
    expect(media.videoMuted.value).toBe(true);
    expect(media.errors.value.video).toBeNull();
    await media.retry('video');
    expect(deviceOf(media.videoTrack.value)).toBe('cam-1');
    expect(media.declined.value.video).toBe(false);
  });

  it('sends a processed track (the blurred camera) while it is live, the camera otherwise', async () => {
    const { media } = setup();
    await media.start();
    const blurred = new FakeTrack('video', 'blurred');
    media.setProcessedTrack('video', asTrack(blurred));
    expect(media.outgoingVideo.value).toBe(asTrack(blurred));
    expect(media.sendStream().getVideoTracks()).toEqual([asTrack(blurred)]);
    expect(media.previewStream.value?.getVideoTracks()).toEqual([asTrack(blurred)]);
    blurred.stop();
    expect(media.outgoingTrack('video')).toBe(media.videoTrack.value);
  });

  it('stop ends every track, placeholders too', async () => {
    const { media, devices, placeholders } = setup(new FakeMediaDevices([mic('mic-1')]));
    await media.start();
    media.sendStream();
    media.stop();
    expect(devices.live.every((t) => t.readyState === 'ended')).toBe(true);
    expect(placeholders.made.every((t) => t.readyState === 'ended')).toBe(true);
    expect(media.audioTrack.value).toBeNull();
  });
});
