import { useEffect } from 'preact/hooks';
import { BlurToggle } from '../blur/BlurToggle.tsx';
import type { DeviceList } from '../media/device-list.ts';
import type { LocalMedia } from '../media/local-media.ts';
import { speakerChoice } from '../media/speaker-choice.ts';

/** Camera, microphone and speaker choice. A change applies at once, also during a call. */
export function MediaSettings({
  media,
  devices,
  speaker,
  onSpeaker,
  onClose,
  blurEnabled = false,
  dialIn,
}: {
  media: LocalMedia;
  /** The meeting's phone number and PIN, for whoever's connection is poor. */
  dialIn?: { number: string; pin: string } | undefined;
  /** Background blur (beta) is offered in this meeting. */
  blurEnabled?: boolean;
  devices: DeviceList;
  speaker: string;
  onSpeaker: (deviceId: string) => void;
  onClose?: () => void;
}) {
  useEffect(() => {
    void devices.refresh();
  }, []);
  const lists = devices.devices.value;
  const speakers = speakerChoice(lists.audiooutput, speaker);
  const current = (track: MediaStreamTrack | null) => track?.getSettings().deviceId ?? '';
  return (
    <section class="media-settings form" aria-label="Media settings">
      <h2>Settings</h2>
      <label>
        Camera
        <select
          name="videoinput"
          value={current(media.videoTrack.value)}
          onChange={(e) => void media.selectDevice('video', e.currentTarget.value)}
          disabled={lists.videoinput.length === 0}
        >
          {lists.videoinput.length === 0 && <option value="">No camera found</option>}
          {lists.videoinput.map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Microphone
        <select
          name="audioinput"
          value={current(media.audioTrack.value)}
          onChange={(e) => void media.selectDevice('audio', e.currentTarget.value)}
          disabled={lists.audioinput.length === 0}
        >
          {lists.audioinput.length === 0 && <option value="">No microphone found</option>}
          {lists.audioinput.map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      {devices.canChooseSpeaker ? (
        <label>
          Speaker
          <select
            name="audiooutput"
            value={speakers.value}
            onChange={(e) => onSpeaker(e.currentTarget.value)}
            disabled={lists.audiooutput.length === 0}
          >
            {speakers.options.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p class="muted">This browser plays sound on the system's speaker; change it in your system sound settings.</p>
      )}
      {blurEnabled && (
        <div class="media-settings__blur">
          <span>Background (beta)</span>
          <BlurToggle media={media} enabled />
        </div>
      )}
      {devices.change.value && (
        <p class="muted" role="status">
          {devices.change.value}
        </p>
      )}
      {dialIn && (
        <p class="dial-in">
          Poor connection? Join by phone: call{' '}
          <a href={`tel:${dialIn.number.replace(/[^+\d]/g, '')},,${dialIn.pin.replace(/\D/g, '')}#`}>{dialIn.number}</a> and enter the PIN{' '}
          <strong>{dialIn.pin}#</strong>.
        </p>
      )}
      {onClose && (
        <button type="button" class="button" onClick={onClose}>
          Done
        </button>
      )}
    </section>
  );
}
