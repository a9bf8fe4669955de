import type { Config } from '../config.ts';
import type { Store } from '../store/store.ts';
import { logFor } from '../lib/log.ts';

const log = logFor('admin');

/**
 * Sign-up takes any address, unverified: an ADMIN_EMAILS address with no account yet makes
 * whoever signs up with it first an operator. Said at every start until the account exists.
 */
export function warnAboutUnclaimedAdminEmails(
  config: Pick<Config, 'adminEmails'>,
  store: Store,
  warn: (text: string) => void = (text) => log.warn(text),
) {
  const unclaimed = store.read((d) => config.adminEmails.filter((email) => !d.users.some((u) => u.email === email)));
  for (const email of unclaimed) {
    warn(
      `[admin] ADMIN_EMAILS lists ${email}, which has no account yet: whoever signs up with it becomes an operator. Create that account now.`,
    );
  }
}
