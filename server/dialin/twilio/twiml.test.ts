import { describe, expect, it } from 'vitest';
import { connectStream, gatherDigits, hangup, say, twimlResponse } from './twiml.ts';

describe('TwiML', () => {
  it('builds a Gather for DTMF that posts even an empty result', () => {
    expect(
      twimlResponse(gatherDigits({ action: 'https://x.test/pin?attempt=2', numDigits: 8, timeoutSeconds: 10 }, say('Enter the PIN.'))),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Gather input="dtmf" action="https://x.test/pin?attempt=2" method="POST" numDigits="8" finishOnKey="#" timeout="10" actionOnEmptyResult="true">' +
        '<Say>Enter the PIN.</Say></Gather></Response>',
    );
  });

  it('connects a stream with parameters', () => {
    expect(connectStream('wss://x.test/ws/dial-in', { ticket: 'abc', meetingId: 'M1' })).toBe(
      '<Connect><Stream url="wss://x.test/ws/dial-in"><Parameter name="ticket" value="abc"/><Parameter name="meetingId" value="M1"/></Stream></Connect>',
    );
  });

  it('escapes text and attributes', () => {
    expect(say('Tom & Jerry <3 "quotes"')).toBe('<Say>Tom &amp; Jerry &lt;3 &quot;quotes&quot;</Say>');
    expect(connectStream('wss://x.test/?a=1&b=2', { n: `"'<>` })).toContain('url="wss://x.test/?a=1&amp;b=2"');
    expect(connectStream('wss://x', { n: `"'<>` })).toContain('value="&quot;&apos;&lt;&gt;"');
    expect(hangup()).toBe('<Hangup/>');
  });
});
