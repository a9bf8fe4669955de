import * as v from 'valibot';
import { AccountFeaturesSchema, FeatureNameSchema } from './auth.ts';

/** Operators' API (`/api/admin`): accounts with their add-ons and betas, and the audit log of changes. */

export const ADMIN_PAGE_MAX = 100;
export const ADMIN_PAGE_DEFAULT = 25;

/** A query-string number: digits only, within bounds; absent means `fallback`. */
const queryNumber = (name: string, min: number, max: number, fallback: number) =>
  v.optional(
    v.pipe(
      v.string(`${name} must be a number`),
      v.regex(/^\d{1,9}$/, `${name} must be a whole number`),
      v.transform(Number),
      v.minValue(min, `${name} must be at least ${min}`),
      v.maxValue(max, `${name} must be at most ${max}`),
    ),
    String(fallback),
  );

const PageQuery = {
  offset: queryNumber('offset', 0, 1_000_000_000, 0),
  limit: queryNumber('limit', 1, ADMIN_PAGE_MAX, ADMIN_PAGE_DEFAULT),
};

export const AccountSearchSchema = v.pipe(
  v.string('search must be text'),
  v.trim(),
  v.maxLength(254, 'search must be at most 254 characters'),
);

export const ListAccountsQuerySchema = v.object({ ...PageQuery, search: v.optional(AccountSearchSchema, '') });
export type ListAccountsQuery = v.InferOutput<typeof ListAccountsQuerySchema>;

export const AuditQuerySchema = v.object(PageQuery);
export type AuditQuery = v.InferOutput<typeof AuditQuerySchema>;

/** `PATCH /api/admin/accounts/:id/features`: the switches to set; at least one. */
export const SetFeaturesBodySchema = v.pipe(
  v.strictObject({
    recording: v.optional(v.boolean('recording must be true or false')),
    backgroundBlur: v.optional(v.boolean('backgroundBlur must be true or false')),
  }),
  v.check((body) => body.recording !== undefined || body.backgroundBlur !== undefined, 'name at least one of recording, backgroundBlur'),
);
export type SetFeaturesBody = v.InferOutput<typeof SetFeaturesBodySchema>;

export const AdminAccountSchema = v.object({
  id: v.string(),
  email: v.string(),
  name: v.string(),
  createdAt: v.string(),
  features: AccountFeaturesSchema,
  operator: v.boolean(),
});
export type AdminAccount = v.InferOutput<typeof AdminAccountSchema>;

/** One switch changed: who, when, whose, what. `actor` is the operator's email or `cli:<os user>`. */
export const AuditEntrySchema = v.object({
  id: v.string(),
  at: v.string(),
  actor: v.string(),
  accountId: v.string(),
  accountEmail: v.string(),
  change: v.object({ feature: FeatureNameSchema, from: v.boolean(), to: v.boolean() }),
});
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>;

const Page = { total: v.number(), offset: v.number(), limit: v.number() };

/** Accounts by email, `total` of those matching the search. */
export const AccountListSchema = v.object({ accounts: v.array(AdminAccountSchema), ...Page });
export type AccountList = v.InferOutput<typeof AccountListSchema>;

/** Newest first. */
export const AuditListSchema = v.object({ entries: v.array(AuditEntrySchema), ...Page });
export type AuditList = v.InferOutput<typeof AuditListSchema>;

/** The account as it is now, and the audit lines the change wrote (none when nothing changed). */
export const SetFeaturesResponseSchema = v.object({ account: AdminAccountSchema, audit: v.array(AuditEntrySchema) });
export type SetFeaturesResponse = v.InferOutput<typeof SetFeaturesResponseSchema>;
