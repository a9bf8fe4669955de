import {
  ADMIN_PAGE_DEFAULT,
  type AccountList,
  type AdminAccount,
  type AuditList,
  type SetFeaturesResponse,
} from '../../shared/api/admin.ts';
import { FEATURE_NAMES, type AccountFeatures } from '../../shared/api/auth.ts';
import type { Config } from '../config.ts';
import { ErrorCode } from '../../shared/api/errors.ts';
import { ApiError, notFound } from '../lib/api-error.ts';
import { newId } from '../lib/ids.ts';
import type { Store } from '../store/store.ts';
import type { AuditRecord, UserRecord } from '../store/store-data.ts';
import { isOperatorEmail } from './admin-config.ts';

/** Who changes an account's switches: an operator signed in to the app, or the admin CLI run by an OS user. */
export type Actor = { kind: 'operator'; email: string } | { kind: 'cli'; osUser: string };
export const actorName = (actor: Actor) => (actor.kind === 'operator' ? actor.email : `cli:${actor.osUser}`);

/** An account by id (the API) or by email (the CLI). */
export type AccountRef = { id: string } | { email: string };

export interface Page {
  offset: number;
  limit: number;
}

/**
 * The one place that reads and switches accounts' add-ons and betas, and writes the audit
 * line of every change: the operator API, the admin socket and the CLI all go through it.
 */
export function createAccountFeatures({ store, clock, config }: { store: Store; clock: () => Date; config: Pick<Config, 'adminEmails'> }) {
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
    list({ search = '', offset = 0, limit = ADMIN_PAGE_DEFAULT }: Partial<Page> & { search?: string } = {}): AccountList {
      const needle = search.trim().toLowerCase();
      return store.read((d) => {
        const matching = d.users
          .filter((u) => !needle || u.email.toLowerCase().includes(needle) || u.name.toLowerCase().includes(needle))
          .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
        return { accounts: matching.slice(offset, offset + limit).map(toAdminAccount), total: matching.length, offset, limit };
      });
    },

    /**
     * Sets the switches named in `changes` and appends one audit line per switch that
     * actually changed (setting a switch to what it already is writes none). All or nothing.
     */
    set(ref: AccountRef, changes: Partial<AccountFeatures>, actor: Actor): Promise<SetFeaturesResponse> {
      const at = clock().toISOString();
      return store.update((d) => {
        const user = 'id' in ref ? d.users.find((u) => u.id === ref.id) : d.users.find((u) => u.email === ref.email.trim().toLowerCase());
        if (!user)
          throw 'id' in ref
            ? notFound('account')
            : new ApiError(ErrorCode.NotFound, `no account with the email ${ref.email.trim().toLowerCase()}`);
        const audit: AuditRecord[] = [];
        for (const feature of FEATURE_NAMES) {
          const to = changes[feature];
          if (to === undefined || user.features[feature] === to) continue;
          audit.push({
            id: newId(),
            at,
            actor: actorName(actor),
            accountId: user.id,
            accountEmail: user.email,
            change: { feature, from: user.features[feature], to },
          });
          user.features[feature] = to;
        }
        d.audit.push(...audit);
        return { account: toAdminAccount(user), audit: structuredClone(audit) };
      });
    },

    /** The audit log, newest first. */
    audit({ offset = 0, limit = ADMIN_PAGE_DEFAULT }: Partial<Page> = {}): AuditList {
      return store.read((d) => {
        const total = d.audit.length;
        const end = Math.max(0, total - offset);
        const entries = d.audit.slice(Math.max(0, end - limit), end).reverse();
        return { entries: structuredClone(entries), total, offset, limit };
      });
    },
  };
}

export type AccountFeaturesService = ReturnType<typeof createAccountFeatures>;
