import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';

describe('dial-in configuration', () => {
  it('is off without DIALIN_NUMBER', () => {
    expect(loadConfig({}).dialIn).toBeNull();
  });

  it('reads the number, the auth token and the call limit', () => {
    expect(loadConfig({ DIALIN_NUMBER: '+1 555 010 0199', TWILIO_AUTH_TOKEN: 'tok', DIALIN_MAX_CALLS: '4' }).dialIn).toEqual({
      number: '+1 555 010 0199',
      authToken: 'tok',
      maxCalls: 4,
    });
    expect(loadConfig({ DIALIN_NUMBER: '+44 20 7946 0000', TWILIO_AUTH_TOKEN: 'tok' }).dialIn?.maxCalls).toBe(20);
  });

  it.each([
    [{ DIALIN_NUMBER: '+1 555 010 0199' }, /TWILIO_AUTH_TOKEN is required/],
    [{ DIALIN_NUMBER: 'call us', TWILIO_AUTH_TOKEN: 't' }, /DIALIN_NUMBER must be a phone number/],
    [{ DIALIN_NUMBER: '+15550100199', TWILIO_AUTH_TOKEN: 't', DIALIN_MAX_CALLS: '0' }, /DIALIN_MAX_CALLS/],
  ])('refuses to start with %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
