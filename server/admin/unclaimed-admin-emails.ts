import type { Config } from '../config.ts';
import type { UserRepository } from '../storage/repositories.ts';
import { logFor } from '../lib/log.ts';

const log = logFor('admin');

/**
 * Sign-up takes any address, unverified: an ADMIN_EMAILS address with no account yet makes
 * whoever signs up with it first an operator. Said at every start until the account exists.
 */
export async function warnAboutUnclaimedAdminEmails(
  config: Pick<Config, 'adminEmails'>,
  users: UserRepository,
  warn: (text: string) => void = (text) => log.warn(text),
): Promise<void> {
  for (const email of config.adminEmails) {
    if (await users.byEmail(email)) continue;
    warn(
      `[admin] ADMIN_EMAILS lists ${email}, which has no account yet: whoever signs up with it becomes an operator. Create that account now.`,
    );
  }
}
