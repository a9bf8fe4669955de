import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isValidTwilioSignature, signedUrlVariants, twilioSignature } from './signature.ts';

// The example of Twilio's security docs; the expected value was recomputed independently:
// printf '%s' 'https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212' \
//   | openssl dgst -sha1 -hmac 12345 -binary | base64
const token = '12345';
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params: [string, string][] = [
  ['Digits', '1234'],
  ['To', '+18005551212'],
  ['From', '+12349013030'],
  ['Caller', '+12349013030'],
  ['CallSid', 'CA1234567890ABCDE'],
];
const expected = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

describe('Twilio request signature', () => {
  it("matches the docs' example, whatever order the parameters come in", () => {
    expect(twilioSignature(token, url, params)).toBe(expected);
    expect(twilioSignature(token, url, [...params].reverse())).toBe(expected);
  });

  it('is an HMAC-SHA1 over URL + sorted name/value pairs', () => {
    const data = `${url}CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212`;
    expect(createHmac('sha1', token).update(data).digest('base64')).toBe(expected);
  });

  it('accepts the right signature and rejects any change', () => {
    expect(isValidTwilioSignature(token, url, params, expected)).toBe(true);
    expect(isValidTwilioSignature(token, url, params, undefined)).toBe(false);
    expect(isValidTwilioSignature(token, url, params, '')).toBe(false);
    expect(isValidTwilioSignature('54321', url, params, expected)).toBe(false);
    expect(isValidTwilioSignature(token, `${url}&x=1`, params, expected)).toBe(false);
    expect(isValidTwilioSignature(token, url, [...params, ['Digits2', '9']], expected)).toBe(false);
    expect(
      isValidTwilioSignature(
        token,
        url,
        params.map(([k, v]) => [k, k === 'Digits' ? '4321' : v] as const),
        expected,
      ),
    ).toBe(false);
  });

  it('accepts a signature made over the URL with the default port spelled out', () => {
    const withPort = twilioSignature(token, 'https://mycompany.com:443/myapp.php?foo=1&bar=2', params);
    expect(isValidTwilioSignature(token, url, params, withPort)).toBe(true);
    expect(signedUrlVariants('https://a.example:443/x?y=1')).toEqual(['https://a.example:443/x?y=1', 'https://a.example/x?y=1']);
    expect(signedUrlVariants('http://a.example:8080/x')).toEqual(['http://a.example:8080/x']);
  });
});
