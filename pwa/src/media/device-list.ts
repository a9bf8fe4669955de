import { t } from '../i18n/i18n.ts';
import { signal, type ReadonlySignal } from '@preact/signals';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface DeviceLists {
  audioinput: DeviceOption[];
  videoinput: DeviceOption[];
  audiooutput: DeviceOption[];
}

const EMPTY: DeviceLists = { audioinput: [], videoinput: [], audiooutput: [] };

/**
 * Cameras, microphones and speakers, kept current as devices are plugged in and out. `hold`: while
 * true (the page is getting into the call, room/join-phase.ts), a refresh waits until it is over:
 * the camera starting mid-join asked for one, and the list redrew the room's controls then.
 */
export function createDeviceList({ hold }: { hold?: ReadonlySignal<boolean> } = {}) {
  const devices = signal<DeviceLists>(EMPTY);
  /** Set when the list changed because of a plug/unplug, naming what appeared. */
  const change = signal<string | null>(null);
  let first = true;
  let held: Promise<void> | null = null;
  /** Stops waiting for the hold to end (a refresh asked for during it). */
  let stopWaiting: (() => void) | null = null;

  function refresh(): Promise<void> {
    if (!hold?.peek()) return read();
    held ??= new Promise<void>((resolve) => {
      // Called at once with the value (true, just checked), then on each change.
      const stop = hold.subscribe((holding) => {
        if (holding) return;
        stop();
        stopWaiting = null;
        held = null;
        resolve(read());
      });
      stopWaiting = stop;
    });
    return held;
  }

  async function read() {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const all = await navigator.mediaDevices.enumerateDevices();
    if (disposed) return;
    listen();
    const next: DeviceLists = { audioinput: [], videoinput: [], audiooutput: [] };
    for (const d of all) {
      if (!d.deviceId || !(d.kind in next)) continue;
      const list = next[d.kind];
      list.push({ deviceId: d.deviceId, label: d.label || `${kindName(d.kind)} ${list.length + 1}` });
    }
    if (!first) {
      const before = new Set(
        Object.values(devices.value)
          .flat()
          .map((d: DeviceOption) => d.deviceId),
      );
      const added = Object.values(next)
        .flat()
        .filter((d: DeviceOption) => !before.has(d.deviceId));
      const after = new Set(
        Object.values(next)
          .flat()
          .map((d: DeviceOption) => d.deviceId),
      );
      const removed = Object.values(devices.value)
        .flat()
        .filter((d: DeviceOption) => !after.has(d.deviceId));
      if (added.length) change.value = t('devices.connected', { names: added.map((d) => d.label).join(', ') });
      else if (removed.length) change.value = t('devices.disconnected', { names: removed.map((d) => d.label).join(', ') });
    }
    first = false;
    devices.value = next;
  }

  const onChange = () => void refresh();
  // Plugs and unplugs are followed from the first read on: a change before it is in that read.
  // Listening costs the page a round to the browser (6 ms of the pre-join page's second render,
  // measured), which the first read's own task pays instead.
  let listening = false;
  let disposed = false;
  function listen() {
    if (listening) return;
    listening = true;
    navigator.mediaDevices?.addEventListener?.('devicechange', onChange);
  }

  return {
    devices: devices as ReadonlySignal<DeviceLists>,
    change: change as ReadonlySignal<string | null>,
    refresh,
    /** Whether this browser can choose the speaker (setSinkId). */
    canChooseSpeaker: typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype,
    dispose() {
      disposed = true;
      if (listening) navigator.mediaDevices?.removeEventListener?.('devicechange', onChange);
      stopWaiting?.();
      stopWaiting = null;
    },
  };
}

export type DeviceList = ReturnType<typeof createDeviceList>;

function kindName(kind: MediaDeviceKind): string {
  return kind === 'audioinput' ? t('check.step.microphone') : kind === 'videoinput' ? t('check.step.camera') : t('check.step.speaker');
}
