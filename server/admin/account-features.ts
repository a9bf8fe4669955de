import {
  ADMIN_PAGE_DEFAULT,
  type AccountList,
  type AdminAccount,
  type AuditList,
  type SetFeaturesResponse,
} from '../../shared/api/admin.ts';
import type { AccountFeatures } from '../../shared/api/auth.ts';
import type { Config } from '../config.ts';
import { ErrorCode } from '../../shared/api/errors.ts';
import { ApiError, notFound } from '../lib/api-error.ts';
import { newId } from '../lib/ids.ts';
import type { UserRecord } from '../storage/records.ts';
import type { AccountRef, UserRepository } from '../storage/repositories.ts';
import { isOperatorEmail } from './admin-config.ts';

/** Who changes an account's switches: an operator signed in to the app, or the admin CLI run by an OS user. */
export type Actor = { kind: 'operator'; email: string } | { kind: 'cli'; osUser: string };
export const actorName = (actor: Actor) => (actor.kind === 'operator' ? actor.email : `cli:${actor.osUser}`);

export type { AccountRef };

export interface Page {
  offset: number;
  limit: number;
}

/**
 * The one place that reads and switches accounts' add-ons and betas, and writes the audit
 * line of every change: the operator API, the admin socket and the CLI all go through it.
 */
export function createAccountFeatures({
  users,
  clock,
  config,
}: {
  users: UserRepository;
  clock: () => Date;
  config: Pick<Config, 'adminEmails'>;
}) {
  const toAdminAccount = (u: UserRecord): AdminAccount => ({
    id: u.id,
    email: u.email,
    name: u.name,
    createdAt: u.createdAt,
    features: { ...u.features },
    operator: isOperatorEmail(config, u.email),
  });

  return {
    /** Accounts by email; `search` matches part of the email or the name, ignoring case. */
    async list({ search = '', offset = 0, limit = ADMIN_PAGE_DEFAULT }: Partial<Page> & { search?: string } = {}): Promise<AccountList> {
      const page = await users.list({ search: search.trim().toLowerCase(), offset, limit });
      return { accounts: page.users.map(toAdminAccount), total: page.total, offset, limit };
    },

    /**
     * Sets the switches named in `changes` and appends one audit line per switch that
     * actually changed (setting a switch to what it already is writes none). All or nothing.
     */
    async set(ref: AccountRef, changes: Partial<AccountFeatures>, actor: Actor): Promise<SetFeaturesResponse> {
      const normalised = 'id' in ref ? ref : { email: ref.email.trim().toLowerCase() };
      const result = await users.setFeatures(normalised, changes, { at: clock().toISOString(), actor: actorName(actor), newId });
      if (!result) {
        throw 'id' in normalised ? notFound('account') : new ApiError(ErrorCode.NotFound, `no account with the email ${normalised.email}`);
      }
      return { account: toAdminAccount(result.user), audit: result.audit };
    },

    /** The audit log, newest first. */
    async audit({ offset = 0, limit = ADMIN_PAGE_DEFAULT }: Partial<Page> = {}): Promise<AuditList> {
      const { entries, total } = await users.auditLog({ offset, limit });
      return { entries, total, offset, limit };
    },
  };
}

export type AccountFeaturesService = ReturnType<typeof createAccountFeatures>;
