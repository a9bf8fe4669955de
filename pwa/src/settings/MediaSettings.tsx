import { t, tParts } from '../i18n/i18n.ts';
import { useEffect } from 'preact/hooks';
import { BlurToggle } from '../blur/BlurToggle.tsx';
import type { DeviceList } from '../media/device-list.ts';
import type { LocalMedia } from '../media/local-media.ts';
import { speakerChoice } from '../media/speaker-choice.ts';
import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';
import '../i18n/later-texts.ts';

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
    <section class="media-settings form" aria-label={t('settings.label')}>
      <h2>{t('settings.title')}</h2>
      <label>
        {t('check.step.camera')}
        <select
          name="videoinput"
          value={current(media.videoTrack.value)}
          onChange={(e) => void media.selectDevice('video', e.currentTarget.value)}
          disabled={lists.videoinput.length === 0}
        >
          {lists.videoinput.length === 0 && <option value="">{t('settings.noCamera')}</option>}
          {lists.videoinput.map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('check.step.microphone')}
        <select
          name="audioinput"
          value={current(media.audioTrack.value)}
          onChange={(e) => void media.selectDevice('audio', e.currentTarget.value)}
          disabled={lists.audioinput.length === 0}
        >
          {lists.audioinput.length === 0 && <option value="">{t('settings.noMicrophone')}</option>}
          {lists.audioinput.map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      {devices.canChooseSpeaker ? (
        <label>
          {t('check.step.speaker')}
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
        <p class="muted">{t('settings.systemSpeaker')}</p>
      )}
      {blurEnabled && (
        <div class="media-settings__blur">
          <span>{t('settings.background')}</span>
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
          {tParts('settings.dialIn', {
            number: <a href={`tel:${dialIn.number.replace(/[^+\d]/g, '')},,${dialIn.pin.replace(/\D/g, '')}#`}>{dialIn.number}</a>,
            pin: <strong>{dialIn.pin}#</strong>,
          })}
        </p>
      )}
      {onClose && (
        <button type="button" class="button" onClick={onClose}>
          {t('settings.done')}
        </button>
      )}
      <div class="media-settings__language">
        <LanguageSwitch />
      </div>
    </section>
  );
}
