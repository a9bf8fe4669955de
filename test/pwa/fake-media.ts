/**
 * Test doubles (tests only): tracks, streams, the camera and microphone
 * (`navigator.mediaDevices`) and MediaRecorder, each behaving as the browser does in the
 * ways our code relies on, and moved by hand where the browser would move on its own
 * (a device unplugged, the encoder handing out a chunk).
 */

let nextId = 1;

/** A MediaStreamTrack: `stop()` ends it quietly; `end()` is the device going away (fires `ended`). */
export class FakeTrack extends EventTarget {
  readonly id = `track-${nextId++}`;
  enabled = true;
  readyState: MediaStreamTrackState = 'live';
  readonly kind: 'audio' | 'video';
  readonly label: string;
  readonly deviceId: string;
  constructor(kind: 'audio' | 'video', label = '', deviceId = '') {
    super();
    this.kind = kind;
    this.label = label;
    this.deviceId = deviceId;
  }
  stop() {
    this.readyState = 'ended';
  }
  /** The device was unplugged or taken by the system. */
  end() {
    if (this.readyState === 'ended') return;
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
  getSettings(): MediaTrackSettings {
    return { deviceId: this.deviceId };
  }
}

export const asTrack = (track: FakeTrack) => track as unknown as MediaStreamTrack;

export class FakeMediaStream {
  readonly id = `stream-${nextId++}`;
  private readonly tracks: MediaStreamTrack[];
  constructor(tracks: MediaStreamTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks() {
    return [...this.tracks];
  }
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: MediaStreamTrack) {
    if (!this.tracks.includes(track)) this.tracks.push(track);
  }
  removeTrack(track: MediaStreamTrack) {
    const i = this.tracks.indexOf(track);
    if (i >= 0) this.tracks.splice(i, 1);
  }
}

/** The constructor to inject where code makes streams. */
export const FakeMediaStreamClass = FakeMediaStream as unknown as new (tracks?: MediaStreamTrack[]) => MediaStream;

/** A stream of fresh tracks, e.g. what a remote participant sends. */
export const fakeStream = (...kinds: ('audio' | 'video')[]) =>
  new FakeMediaStream(kinds.map((k) => asTrack(new FakeTrack(k)))) as unknown as MediaStream;

/** Placeholder tracks (black picture, silence) that say what they are. */
export function fakePlaceholders() {
  const made: FakeTrack[] = [];
  const make = (kind: 'audio' | 'video') => () => {
    const track = new FakeTrack(kind, kind === 'audio' ? 'silence' : 'black');
    made.push(track);
    return asTrack(track);
  };
  /** Tracks sent while a device starts: labelled `pending audio` / `pending video`, kept in `pending`. */
  const pending: FakeTrack[] = [];
  const makePending = (kind: 'audio' | 'video') => {
    const track = new FakeTrack(kind, `pending ${kind}`);
    pending.push(track);
    return asTrack(track);
  };
  return { audio: make('audio'), video: make('video'), pending: makePending, made, pendingMade: pending };
}

export interface FakeDevice {
  deviceId: string;
  kind: 'audioinput' | 'videoinput' | 'audiooutput';
  label: string;
}

const DEVICE_KIND = { audio: 'audioinput', video: 'videoinput' } as const;

const failure = (name: string, message = name) => new DOMException(message, name);

/**
 * The page's cameras and microphones. `getUserMedia` picks the device asked for (`deviceId:
 * { exact }`, an OverconstrainedError when it is not there) or the first of its kind (a
 * NotFoundError when there is none); `deny()` refuses permission, `busy()` makes a device
 * unreadable (another app has it). `unplug()` ends its live tracks and fires `devicechange`.
 */
export class FakeMediaDevices extends EventTarget {
  devices: FakeDevice[];
  /** Every getUserMedia call's constraints, in order. */
  readonly requests: MediaStreamConstraints[] = [];
  /** Tracks handed out and not yet ended. */
  readonly live: FakeTrack[] = [];
  private denied = false;
  private readonly busyIds = new Set<string>();

  constructor(devices: FakeDevice[] = [mic('mic-1', 'Built-in Microphone'), cam('cam-1', 'FaceTime Camera')]) {
    super();
    this.devices = devices;
  }

  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.requests.push(constraints);
    await Promise.resolve();
    if (this.denied) throw failure('NotAllowedError', 'Permission denied');
    const tracks: MediaStreamTrack[] = [];
    for (const kind of ['audio', 'video'] as const) {
      const asked = constraints[kind];
      if (!asked) continue;
      const exact = typeof asked === 'object' ? (asked.deviceId as { exact?: string } | undefined)?.exact : undefined;
      const candidates = this.devices.filter((d) => d.kind === DEVICE_KIND[kind]);
      const device = exact ? candidates.find((d) => d.deviceId === exact) : candidates[0];
      if (!device)
        throw exact ? failure('OverconstrainedError', `no device ${exact}`) : failure('NotFoundError', 'Requested device not found');
      if (this.busyIds.has(device.deviceId)) throw failure('NotReadableError', 'Could not start video source');
      const track = new FakeTrack(kind, device.label, device.deviceId);
      this.live.push(track);
      tracks.push(asTrack(track));
    }
    return new FakeMediaStream(tracks) as unknown as MediaStream;
  }

  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return this.devices.map((d) => ({ ...d, groupId: '', toJSON: () => d })) as MediaDeviceInfo[];
  }

  deny() {
    this.denied = true;
  }
  busy(deviceId: string) {
    this.busyIds.add(deviceId);
  }

  /** The device goes away: its tracks end (the page hears `ended`), the list changes. */
  unplug(deviceId: string) {
    this.devices = this.devices.filter((d) => d.deviceId !== deviceId);
    for (const track of this.live.filter((t) => t.deviceId === deviceId && t.readyState === 'live')) track.end();
    this.dispatchEvent(new Event('devicechange'));
  }

  plug(device: FakeDevice) {
    this.devices = [...this.devices, device];
    this.dispatchEvent(new Event('devicechange'));
  }

  /** The track the page holds now from this device, if any. */
  liveTrack(deviceId: string): FakeTrack | undefined {
    return this.live.filter((t) => t.deviceId === deviceId && t.readyState === 'live').at(-1);
  }
}

export const mic = (deviceId: string, label = deviceId): FakeDevice => ({ deviceId, kind: 'audioinput', label });
export const cam = (deviceId: string, label = deviceId): FakeDevice => ({ deviceId, kind: 'videoinput', label });

/** An in-memory Storage (localStorage, sessionStorage). */
export class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  key(index: number) {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  setItem(key: string, value: string) {
    this.map.set(key, String(value));
  }
}

/**
 * MediaRecorder: `start(timeslice)` and `stop()` as the browser's (stop hands out the last
 * chunk, `tail`, then fires `stop`, in a later task: a timer here, so fake timers move it);
 * `emit()` is the encoder handing out a chunk, `fail()` the browser giving up.
 */
export class FakeMediaRecorder extends EventTarget {
  state: RecordingState = 'inactive';
  timeslice: number | undefined;
  ondataavailable: ((event: BlobEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  /** What `stop()` hands out last (nothing when empty, as a recorder that had nothing left). */
  tail: Blob = new Blob([]);
  readonly stream: MediaStream;
  readonly options: MediaRecorderOptions;
  constructor(stream: MediaStream, options: MediaRecorderOptions = {}) {
    super();
    this.stream = stream;
    this.options = options;
  }
  start(timeslice?: number) {
    if (this.state !== 'inactive') throw failure('InvalidStateError');
    this.state = 'recording';
    this.timeslice = timeslice;
  }
  stop() {
    if (this.state === 'inactive') return;
    this.state = 'inactive';
    // A task later, as the browser's: the last chunk, then `stop`.
    setTimeout(() => {
      this.emit(this.tail);
      this.dispatchEvent(new Event('stop'));
    }, 0);
  }
  emit(data: Blob) {
    this.ondataavailable?.({ data } as BlobEvent);
  }
  fail() {
    this.state = 'inactive';
    this.onerror?.(new Event('error'));
    setTimeout(() => this.dispatchEvent(new Event('stop')), 0);
  }
}

/** A MediaRecorder class per test that knows `types`, and the recorders it made. */
export function createFakeMediaRecorders(types: string[] = ['video/webm;codecs=vp8,opus', 'video/webm']) {
  const recorders: FakeMediaRecorder[] = [];
  class Recorder extends FakeMediaRecorder {
    static isTypeSupported(type: string) {
      return types.includes(type);
    }
    constructor(stream: MediaStream, options?: MediaRecorderOptions) {
      super(stream, options);
      recorders.push(this);
    }
  }
  return {
    MediaRecorder: Recorder as unknown as {
      new (stream: MediaStream, options?: MediaRecorderOptions): MediaRecorder;
      isTypeSupported(type: string): boolean;
    },
    recorders,
    last(): FakeMediaRecorder {
      const r = recorders.at(-1);
      if (!r) throw new Error('no recorder was made');
      return r;
    },
  };
}
