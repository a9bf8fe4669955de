import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { isOperatorEmail } from './admin-config.ts';

describe('operator configuration', () => {
  it('has no operators and no default add-ons when nothing is set', () => {
    const config = loadConfig({});
    expect(config.adminEmails).toEqual([]);
    expect(config.newAccountFeatures).toEqual({ recording: false, backgroundBlur: false });
  });

  it('reads ADMIN_EMAILS comma-separated, trimmed, lower-cased, without duplicates or empty items', () => {
    const config = loadConfig({ ADMIN_EMAILS: ' Olga@Example.com, ops@example.org,,olga@example.com ,' });
    expect(config.adminEmails).toEqual(['olga@example.com', 'ops@example.org']);
    expect(isOperatorEmail(config, 'olga@example.com')).toBe(true);
    expect(isOperatorEmail(config, 'OPS@example.org')).toBe(true);
    expect(isOperatorEmail(config, 'someone@example.com')).toBe(false);
  });

  it('reads NEW_ACCOUNT_FEATURES', () => {
    expect(loadConfig({ NEW_ACCOUNT_FEATURES: 'recording' }).newAccountFeatures).toEqual({ recording: true, backgroundBlur: false });
    expect(loadConfig({ NEW_ACCOUNT_FEATURES: ' backgroundBlur , recording ' }).newAccountFeatures).toEqual({
      recording: true,
      backgroundBlur: true,
    });
    expect(loadConfig({ NEW_ACCOUNT_FEATURES: '' }).newAccountFeatures).toEqual({ recording: false, backgroundBlur: false });
  });

  it.each([
    [{ ADMIN_EMAILS: 'olga@example.com, not an email' }, /ADMIN_EMAILS: "not an email" is not an email address/],
    [{ ADMIN_EMAILS: 'olga@example.com;ops@example.org' }, /ADMIN_EMAILS: "olga@example.com;ops@example.org" is not an email address/],
    [{ NEW_ACCOUNT_FEATURES: 'recording,blur' }, /NEW_ACCOUNT_FEATURES: "blur" is not a feature; use recording, backgroundBlur/],
    [{ NEW_ACCOUNT_FEATURES: 'Recording' }, /NEW_ACCOUNT_FEATURES: "Recording" is not a feature/],
  ])('refuses to start with %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
