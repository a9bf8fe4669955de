/** The camera, microphone and speaker chosen on this device, remembered across calls. */
export interface DevicePreferences {
  audioinput?: string;
  videoinput?: string;
  audiooutput?: string;
}

const KEY = 'media-devices';

export function loadDevicePreferences(storage: Storage | null = safeLocalStorage()): DevicePreferences {
  try {
    const raw = storage?.getItem(KEY);
    const value = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const pick = (k: string) => (typeof value[k] === 'string' ? (value[k] as string) : undefined);
    return { audioinput: pick('audioinput'), videoinput: pick('videoinput'), audiooutput: pick('audiooutput') };
  } catch {
    return {};
  }
}

export function saveDevicePreference(kind: MediaDeviceKind, deviceId: string, storage: Storage | null = safeLocalStorage()) {
  try {
    storage?.setItem(KEY, JSON.stringify({ ...loadDevicePreferences(storage), [kind]: deviceId }));
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
