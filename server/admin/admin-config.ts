import * as v from 'valibot';
import { EmailSchema, FEATURE_NAMES, type AccountFeatures } from '../../shared/api/auth.ts';
import { ConfigError } from '../config-error.ts';

export interface AdminSettings {
  /** `ADMIN_EMAILS`, lower-cased: signed-in users with one of these emails are operators. */
  adminEmails: readonly string[];
  /** `NEW_ACCOUNT_FEATURES`: the switches a new account starts with. */
  newAccountFeatures: AccountFeatures;
}

const items = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `ADMIN_EMAILS`: comma-separated addresses, case-insensitive. */
export function parseAdminEmails(raw: string | undefined): string[] {
  const emails = items(raw).map((item) => {
    const parsed = v.safeParse(EmailSchema, item);
    if (!parsed.success) throw new ConfigError(`ADMIN_EMAILS: "${item}" is not an email address (list addresses separated by commas)`);
    return parsed.output;
  });
  return [...new Set(emails)];
}

/** `NEW_ACCOUNT_FEATURES`: comma-separated feature names; empty means none. */
export function parseNewAccountFeatures(raw: string | undefined): AccountFeatures {
  const features: AccountFeatures = { recording: false, backgroundBlur: false };
  for (const item of items(raw)) {
    const name = FEATURE_NAMES.find((f) => f === item);
    if (!name) throw new ConfigError(`NEW_ACCOUNT_FEATURES: "${item}" is not a feature; use ${FEATURE_NAMES.join(', ')} (comma-separated)`);
    features[name] = true;
  }
  return features;
}

export const parseAdminSettings = (env: NodeJS.ProcessEnv): AdminSettings => ({
  adminEmails: parseAdminEmails(env.ADMIN_EMAILS),
  newAccountFeatures: parseNewAccountFeatures(env.NEW_ACCOUNT_FEATURES),
});

/** Whether this (stored, lower-case) email belongs to an operator. */
export const isOperatorEmail = (settings: Pick<AdminSettings, 'adminEmails'>, email: string) =>
  settings.adminEmails.includes(email.toLowerCase());
