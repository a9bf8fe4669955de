import { t } from '../i18n/i18n.ts';
import type { DeviceOption } from './device-list.ts';
import '../i18n/later-texts.ts';

/** The option for the system's own speaker, when the browser lists no "default" entry of its own (named in the page's language). */
export const systemDefault = (): DeviceOption => ({ deviceId: '', label: t('devices.systemDefault') });

/**
 * What the Speaker select lists and shows as chosen. `sinkId` is '' for the system's speaker, or a
 * remembered device that may be gone: both show the speaker really in use (the browser's "default"
 * entry, or "System default"), never a blank select.
 */
export function speakerChoice(outputs: readonly DeviceOption[], sinkId: string): { options: DeviceOption[]; value: string } {
  if (sinkId && outputs.some((d) => d.deviceId === sinkId)) return { options: [...outputs], value: sinkId };
  if (outputs.some((d) => d.deviceId === 'default')) return { options: [...outputs], value: 'default' };
  return { options: [systemDefault(), ...outputs], value: '' };
}
