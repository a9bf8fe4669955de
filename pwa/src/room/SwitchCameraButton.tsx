import { t } from '../i18n/i18n.ts';
import { SwitchCamera } from 'lucide-preact';
import type { DeviceList } from '../media/device-list.ts';
import type { LocalMedia } from '../media/local-media.ts';
import { ControlLabel } from '../ui/ControlLabel.tsx';

/**
 * The next camera, when there is more than one. A component of its own: the device list is read
 * here, so a new reading of it (a camera plugged in, the list read once the call is up) redraws
 * this button, not the whole room.
 */
export function SwitchCameraButton({ devices, media }: { devices: DeviceList; media: LocalMedia }) {
  const cameras = devices.devices.value.videoinput;
  if (cameras.length <= 1) return null;
  return (
    <button
      type="button"
      class="control"
      aria-label={t('room.switchCameraLabel')}
      data-action="switch-camera"
      onClick={() => void media.switchCamera(cameras.map((d) => d.deviceId))}
    >
      <ControlLabel icon={SwitchCamera} text={t('room.switchCamera')} />
    </button>
  );
}
