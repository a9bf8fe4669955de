import { describe, expect, it } from 'vitest';
import { detectPlatform, platformLabel } from './platform.ts';
import { troubleshoot } from './troubleshooting.ts';

const UA = {
  chromeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edgeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  firefoxMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:132.0) Gecko/20100101 Firefox/132.0',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  chromeAndroid: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  chromeLinux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
};

describe('detectPlatform', () => {
  it.each([
    [UA.chromeWin, 0, 'Chrome on Windows'],
    [UA.edgeWin, 0, 'Edge on Windows'],
    [UA.firefoxMac, 0, 'Firefox on macOS'],
    [UA.safariMac, 0, 'Safari on macOS'],
    [UA.safariMac, 5, 'Safari on iPhone/iPad'], // iPadOS reports a Mac
    [UA.safariIphone, 5, 'Safari on iPhone/iPad'],
    [UA.chromeAndroid, 5, 'Chrome on Android'],
    [UA.chromeLinux, 0, 'Chrome on Linux'],
  ])('%s', (ua, touch, label) => expect(platformLabel(detectPlatform(ua, touch))).toBe(label));
});

describe('troubleshoot', () => {
  it('gives browser and system steps for a blocked camera in Chrome on Windows', () => {
    const t = troubleshoot('camera-denied', detectPlatform(UA.chromeWin));
    expect(t.title).toBe('Allow the camera');
    expect(t.platform).toBe('Chrome on Windows');
    expect(t.steps[0]).toMatch(/camera icon.*address bar/);
    expect(t.steps.some((s) => s.startsWith('Windows: Settings → Privacy & security → Camera'))).toBe(true);
  });

  it.each([
    [UA.safariIphone, 5, /aA/],
    [UA.safariMac, 0, /Settings for This Website/],
    [UA.firefoxMac, 0, /crossed-out microphone/],
    [UA.edgeWin, 0, /Permissions for this site/],
    [UA.chromeAndroid, 5, /Android Settings → Apps → Chrome/],
  ])('has its own steps for %s', (ua, touch, pattern) => {
    const t = troubleshoot('microphone-denied', detectPlatform(ua, touch));
    expect(t.steps.join(' ')).toMatch(pattern);
  });

  it('offers dial-in when the network blocks the call', () => {
    const t = troubleshoot('network-blocked', detectPlatform(UA.chromeWin), { number: '+1 555 0100', pin: '123456' });
    expect(t.steps.at(-1)).toBe('Or join by phone: call +1 555 0100 and enter the PIN 123456#.');
  });
});
