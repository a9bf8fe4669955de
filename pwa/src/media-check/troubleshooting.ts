import { browserLabel, platformLabel, type Platform } from './platform.ts';

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

/** Where the site permission lives in each browser. */
function allowInBrowser(device: Device, p: Platform): string[] {
  const Device = device === 'camera' ? 'Camera' : 'Microphone';
  if (p.os === 'ios') {
    if (p.browser === 'chrome') return [`Open the iPhone Settings app → Chrome → turn on ${Device}.`, 'Come back and reload this page.'];
    if (p.browser === 'firefox') return [`Open the iPhone Settings app → Firefox → turn on ${Device}.`, 'Come back and reload this page.'];
    return [
      `Tap "aA" in the address bar → Website Settings → ${Device}: Allow.`,
      `Or open Settings → Apps → Safari → ${Device} → Allow.`,
      'Reload this page.',
    ];
  }
  if (p.os === 'android') {
    return [
      `Tap the icon left of the address (lock or sliders) → Permissions → ${Device}: Allow.`,
      `If it is still blocked: Android Settings → Apps → ${browserLabel(p)} → Permissions → ${Device} → Allow.`,
      'Reload this page.',
    ];
  }
  switch (p.browser) {
    case 'chrome':
      return [
        `Click the ${device} icon (or the sliders icon) at the left of the address bar.`,
        `Set ${Device} to "Allow".`,
        'Reload this page.',
      ];
    case 'edge':
      return [
        'Click the lock icon at the left of the address bar → Permissions for this site.',
        `Set ${Device} to "Allow".`,
        'Reload this page.',
      ];
    case 'firefox':
      return [
        `Click the crossed-out ${device} icon in the address bar.`,
        'Remove "Blocked temporarily" (or "Blocked").',
        'Reload this page and choose "Allow".',
      ];
    case 'safari':
      return [`In the menu bar choose Safari → Settings for This Website…`, `Set ${Device} to "Allow".`, 'Reload this page.'];
    default:
      return [`Allow this site to use your ${device} in the browser's site settings.`, 'Reload this page.'];
  }
}

/** The system-wide privacy switch that blocks a browser on desktop systems. */
function allowInSystem(device: Device, p: Platform): string[] {
  const Device = device === 'camera' ? 'Camera' : 'Microphone';
  if (p.os === 'windows')
    return [`Windows: Settings → Privacy & security → ${Device}: turn on "${Device} access" and "Let desktop apps access your ${device}".`];
  if (p.os === 'macos')
    return [`macOS: System Settings → Privacy & Security → ${Device}: turn on ${browserLabel(p)}, then restart ${browserLabel(p)}.`];
  return [];
}

function inUse(device: Device): string[] {
  return [
    `Close other programs that may be using the ${device} (Teams, Zoom, Skype, another call in a browser tab).`,
    device === 'camera'
      ? 'Unplug the camera and plug it in again, or pick another camera in the settings (gear icon).'
      : 'Unplug the headset and plug it in again, or pick another microphone in the settings (gear icon).',
    'Then press "Try again".',
  ];
}

function missing(device: Device, p: Platform): string[] {
  if (device === 'camera') {
    return [
      'Check that the camera is plugged in and its privacy cover is open.',
      p.os === 'windows' || p.os === 'linux'
        ? 'Laptops: some have a camera key or switch (often F8 or F10) that turns the camera off.'
        : 'If you use an external camera, plug it in directly rather than through a hub.',
      'Then press "Try again". You can also join without video.',
    ];
  }
  return [
    'Plug in a headset or microphone, or check that the built-in one is turned on.',
    'Then press "Try again". You can still join and listen.',
  ];
}

const TITLES: Record<Problem, string> = {
  'camera-denied': 'Allow the camera',
  'microphone-denied': 'Allow the microphone',
  'camera-missing': 'No camera found',
  'microphone-missing': 'No microphone found',
  'camera-in-use': 'The camera is in use by another program',
  'microphone-in-use': 'The microphone is in use by another program',
  'microphone-silent': 'We cannot hear your microphone',
  'speaker-silent': 'You could not hear the test sound',
  'network-blocked': 'Your network blocks the call',
};

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
        'Say something: the meter should move.',
        'Check the mute switch on your headset or keyboard.',
        'Pick another microphone in the settings (gear icon).',
        p.os === 'windows'
          ? 'Windows: Settings → System → Sound → Input: check the volume of your microphone.'
          : p.os === 'macos'
            ? 'macOS: System Settings → Sound → Input: check the input level.'
            : 'Check the input volume in your system sound settings.',
      ];
      break;
    case 'speaker-silent':
      steps = [
        'Turn the volume up and check your device is not muted.',
        'If you use headphones, check they are connected.',
        p.browser === 'chrome' || p.browser === 'edge'
          ? 'Pick another speaker in the settings (gear icon).'
          : 'Choose the output device in your system sound settings.',
        'Then play the test sound again.',
      ];
      break;
    case 'network-blocked':
      steps = [
        'Check that you are online.',
        'Company networks and VPNs sometimes block video calls: try another network, or your phone as a hotspot.',
        ...(dialIn ? [`Or join by phone: call ${dialIn.number} and enter the PIN ${dialIn.pin}#.`] : []),
      ];
      break;
  }
  return { problem, platform: platformLabel(p), title: TITLES[problem], steps };
}
