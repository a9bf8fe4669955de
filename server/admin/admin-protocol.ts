import path from 'node:path';
import * as v from 'valibot';
import {
  ADMIN_PAGE_DEFAULT,
  ADMIN_PAGE_MAX,
  AccountListSchema,
  AccountSearchSchema,
  AuditListSchema,
  SetFeaturesResponseSchema,
} from '../../shared/api/admin.ts';
import { EmailSchema, FeatureNameSchema } from '../../shared/api/auth.ts';
import { SnapshotSchema } from '../backup/snapshot.ts';

/**
 * The admin socket's protocol (`DATA_DIR/admin.sock`, local operator access for the CLI):
 * one request per connection, one JSON line each way. Whoever holds the socket owns the
 * data file: the running server, or the CLI itself for the moment it works on a stopped one.
 */
export const ADMIN_SOCKET_NAME = 'admin.sock';
export const adminSocketPath = (dataDir: string) => path.join(dataDir, ADMIN_SOCKET_NAME);

/** The longest request line we read. */
export const ADMIN_REQUEST_MAX_BYTES = 16 * 1024;

const count = (name: string, min: number, max: number) =>
  v.pipe(
    v.number(`${name} must be a number`),
    v.integer(`${name} must be a whole number`),
    v.minValue(min, `${name} must be at least ${min}`),
    v.maxValue(max, `${name} must be at most ${max}`),
  );
const page = {
  offset: v.optional(count('offset', 0, 1_000_000_000), 0),
  limit: v.optional(count('limit', 1, ADMIN_PAGE_MAX), ADMIN_PAGE_DEFAULT),
};

/** The OS user who ran the CLI; the audit line says `cli:<osUser>`. */
const OsUserSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[^\p{Cc}\p{Cf}\s]+$/u, 'osUser must be a plain user name'),
);

export const AdminRequestSchema = v.variant('command', [
  v.strictObject({ command: v.literal('list'), search: v.optional(AccountSearchSchema, ''), ...page }),
  v.strictObject({ command: v.literal('set'), email: EmailSchema, feature: FeatureNameSchema, on: v.boolean(), osUser: OsUserSchema }),
  v.strictObject({ command: v.literal('audit'), ...page }),
  /** `npm run backup`: the running server holds writes for an instant and says where the cut is. */
  v.strictObject({ command: v.literal('snapshot') }),
]);
/** What a client sends (defaults may be left out). */
export type AdminRequest = v.InferInput<typeof AdminRequestSchema>;
/** What the handler gets. */
export type ParsedAdminRequest = v.InferOutput<typeof AdminRequestSchema>;
export type AdminCommand = AdminRequest['command'];
export type AdminRequestFor<C extends AdminCommand> = Extract<AdminRequest, { command: C }>;

/** The answer to each command, parsed by the client. */
export const ADMIN_RESULT_SCHEMAS = {
  list: AccountListSchema,
  set: SetFeaturesResponseSchema,
  audit: AuditListSchema,
  snapshot: SnapshotSchema,
} as const;
export type AdminResult<C extends AdminCommand> = v.InferOutput<(typeof ADMIN_RESULT_SCHEMAS)[C]>;

export const AdminResponseSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), result: v.unknown() }),
  v.object({ ok: v.literal(false), error: v.object({ code: v.string(), message: v.string() }) }),
]);
export type AdminResponse = v.InferOutput<typeof AdminResponseSchema>;
