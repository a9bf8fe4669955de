import { signal, type ReadonlySignal } from '@preact/signals';
import { loadDevicePreferences, saveDevicePreference } from './device-preferences.ts';

/** The chosen speaker (setSinkId id), remembered on this device. */
export function createOutputChoice() {
  const sinkId = signal(loadDevicePreferences().audiooutput ?? '');
  return {
    sinkId: sinkId as ReadonlySignal<string>,
    choose(deviceId: string) {
      sinkId.value = deviceId;
      saveDevicePreference('audiooutput', deviceId);
    },
  };
}

export type OutputChoice = ReturnType<typeof createOutputChoice>;

/** Plays an element's sound on the chosen speaker, where the browser allows it. */
export function applySink(element: HTMLMediaElement, sinkId: string) {
  const el = element as HTMLMediaElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string };
  if (!el.setSinkId || el.sinkId === sinkId) return;
  void el.setSinkId(sinkId).catch(() => undefined);
}
