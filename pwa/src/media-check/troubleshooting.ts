import { t } from '../i18n/i18n.ts';
import { browserLabel, platformLabel, type Platform } from './platform.ts';
import '../i18n/later-texts.ts';

export type Problem =
  | 'camera-denied'
  | 'microphone-denied'
  | 'camera-missing'
  | 'microphone-missing'
  | 'camera-in-use'
  | 'microphone-in-use'
  | 'microphone-silent'
  | 'speaker-silent'
  | 'network-blocked';

export interface Troubleshooting {
  problem: Problem;
  platform: string;
  title: string;
  steps: string[];
}

type Device = 'camera' | 'microphone';

/** A device's names for the steps: as a setting (`Device`), in a sentence (`device`), with its article (`theDevice`). */
function names(device: Device) {
  return { Device: t(`trouble.setting.${device}`), device: t(`trouble.word.${device}`), theDevice: t(`trouble.the.${device}`) };
}

/** Where the site permission lives in each browser. */
function allowInBrowser(device: Device, p: Platform): string[] {
  const n = names(device);
  const reload = t('trouble.reload');
  if (p.os === 'ios') {
    if (p.browser === 'chrome' || p.browser === 'firefox') {
      return [t('trouble.ios.app', { ...n, browser: browserLabel(p) }), t('trouble.comeBack')];
    }
    return [t('trouble.ios.safari', n), t('trouble.ios.safariSettings', n), reload];
  }
  if (p.os === 'android') return [t('trouble.android.site', n), t('trouble.android.app', { ...n, browser: browserLabel(p) }), reload];
  switch (p.browser) {
    case 'chrome':
      return [t('trouble.chrome.icon', n), t('trouble.setAllow', n), reload];
    case 'edge':
      return [t('trouble.edge.lock'), t('trouble.setAllow', n), reload];
    case 'firefox':
      return [t('trouble.firefox.icon', n), t('trouble.firefox.remove'), t('trouble.firefox.reload')];
    case 'safari':
      return [t('trouble.safari.menu'), t('trouble.setAllow', n), reload];
    default:
      return [t('trouble.other.allow', n), reload];
  }
}

/** The system-wide privacy switch that blocks a browser on desktop systems. */
function allowInSystem(device: Device, p: Platform): string[] {
  const n = names(device);
  if (p.os === 'windows') return [t('trouble.windows.privacy', n)];
  if (p.os === 'macos') return [t('trouble.macos.privacy', { ...n, browser: browserLabel(p) })];
  return [];
}

function inUse(device: Device): string[] {
  return [t('trouble.inUse.close', names(device)), t(`trouble.inUse.replug.${device}`), t('trouble.thenTryAgain')];
}

function missing(device: Device, p: Platform): string[] {
  if (device === 'camera') {
    return [
      t('trouble.missing.camera.check'),
      p.os === 'windows' || p.os === 'linux' ? t('trouble.missing.camera.key') : t('trouble.missing.camera.hub'),
      t('trouble.missing.camera.then'),
    ];
  }
  return [t('trouble.missing.microphone.plug'), t('trouble.missing.microphone.then')];
}

/** The steps to fix a problem, for this browser and system. */
export function troubleshoot(problem: Problem, p: Platform, dialIn?: { number: string; pin: string }): Troubleshooting {
  let steps: string[];
  switch (problem) {
    case 'camera-denied':
    case 'microphone-denied': {
      const device: Device = problem === 'camera-denied' ? 'camera' : 'microphone';
      steps = [...allowInBrowser(device, p), ...allowInSystem(device, p)];
      break;
    }
    case 'camera-in-use':
      steps = inUse('camera');
      break;
    case 'microphone-in-use':
      steps = inUse('microphone');
      break;
    case 'camera-missing':
      steps = missing('camera', p);
      break;
    case 'microphone-missing':
      steps = missing('microphone', p);
      break;
    case 'microphone-silent':
      steps = [
        t('trouble.silent.say'),
        t('trouble.silent.switch'),
        t('trouble.silent.other'),
        p.os === 'windows' ? t('trouble.silent.windows') : p.os === 'macos' ? t('trouble.silent.macos') : t('trouble.silent.system'),
      ];
      break;
    case 'speaker-silent':
      steps = [
        t('trouble.speaker.volume'),
        t('trouble.speaker.headphones'),
        p.browser === 'chrome' || p.browser === 'edge' ? t('trouble.speaker.other') : t('trouble.speaker.system'),
        t('trouble.speaker.again'),
      ];
      break;
    case 'network-blocked':
      steps = [
        t('trouble.network.online'),
        t('trouble.network.company'),
        ...(dialIn ? [t('trouble.network.phone', { number: dialIn.number, pin: dialIn.pin })] : []),
      ];
      break;
  }
  return { problem, platform: platformLabel(p), title: t(`trouble.title.${problem}`), steps };
}
