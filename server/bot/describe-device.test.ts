import { describe, expect, it } from 'vitest';
import { describeDevice, deviceSentence, hintsFromHeaders } from './describe-device.ts';

const UA = {
  chromeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edgeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  android: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  firefoxMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:132.0) Gecko/20100101 Firefox/132.0',
};

describe('describeDevice', () => {
  it.each([
    [UA.chromeWin, {}, 'Chrome 131 on Windows 10, desktop'],
    [
      UA.chromeWin,
      {
        platform: 'Windows',
        platformVersion: '15.0.0',
        brands: [
          { brand: 'Google Chrome', version: '131.0.6778.86' },
          { brand: 'Not_A Brand', version: '24' },
        ],
      },
      'Chrome 131 on Windows 11, desktop',
    ],
    [
      UA.edgeWin,
      {
        brands: [
          { brand: 'Chromium', version: '131' },
          { brand: 'Microsoft Edge', version: '131' },
        ],
      },
      'Edge 131 on Windows 10, desktop',
    ],
    [UA.iphone, {}, 'Mobile Safari 17 on iOS 17.5, phone (Apple iPhone)'],
    [UA.ipad, {}, 'Mobile Safari 16 on iOS 16.6, tablet (Apple iPad)'],
    [
      UA.android,
      { mobile: true, platform: 'Android', platformVersion: '14.0.0', model: 'Pixel 8' },
      'Chrome 131 on Android 14.0.0, phone (Pixel 8)',
    ],
    [UA.firefoxMac, {}, 'Firefox 132 on Mac OS 14.5, desktop'],
  ])('%s %j', (ua, hints, sentence) => expect(deviceSentence(describeDevice(ua, hints))).toBe(sentence));

  it('reads client hints from request headers', () => {
    const headers = new Headers({
      'sec-ch-ua': '"Chromium";v="131", "Google Chrome";v="131", "Not_A Brand";v="24"',
      'sec-ch-ua-mobile': '?0',
      'sec-ch-ua-platform': '"Windows"',
    });
    expect(hintsFromHeaders(headers)).toEqual({
      brands: [
        { brand: 'Chromium', version: '131' },
        { brand: 'Google Chrome', version: '131' },
        { brand: 'Not_A Brand', version: '24' },
      ],
      mobile: false,
      platform: 'Windows',
    });
  });
});
