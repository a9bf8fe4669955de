import * as v from 'valibot';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;
export const SESSION_COOKIE = 'sid';

export const EmailSchema = v.pipe(
  v.string('email must be text'),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(254, 'email is too long'),
  v.email('email is not a valid address'),
);

const PasswordSchema = v.pipe(
  v.string('password must be text'),
  v.minLength(PASSWORD_MIN, `password must be at least ${PASSWORD_MIN} characters`),
  v.maxLength(PASSWORD_MAX, `password must be at most ${PASSWORD_MAX} characters`),
);

const UserNameSchema = v.pipe(
  v.string('name must be text'),
  v.trim(),
  v.minLength(1, 'name must not be empty'),
  v.maxLength(80, 'name must be at most 80 characters'),
  v.regex(/^[^\p{Cc}\p{Cf}]*$/u, 'name must not contain control characters'),
);

export const SignUpBodySchema = v.strictObject({
  email: EmailSchema,
  password: PasswordSchema,
  name: UserNameSchema,
});
export type SignUpBody = v.InferInput<typeof SignUpBodySchema>;

export const SignInBodySchema = v.strictObject({
  email: EmailSchema,
  password: v.pipe(v.string('password must be text'), v.maxLength(PASSWORD_MAX)),
  /** API clients that cannot use the cookie (the browser extension) ask for a bearer token. */
  wantToken: v.optional(v.boolean(), false),
});
export type SignInBody = v.InferInput<typeof SignInBodySchema>;

/** One of the user's sign-ins (`GET /api/auth/sessions`): never its token nor the token's hash. */
export const SessionInfoSchema = v.object({
  /** A handle derived from the session (stable, not a credential). */
  id: v.string(),
  createdAt: v.string(),
  expiresAt: v.string(),
  /** The session this request came with. */
  current: v.boolean(),
});
export type SessionInfo = v.InferOutput<typeof SessionInfoSchema>;
export const SessionListSchema = v.object({ sessions: v.array(SessionInfoSchema) });
/** `DELETE /api/auth/sessions` (sign out everywhere): how many sessions went. */
export const SignedOutEverywhereSchema = v.object({ signedOut: v.number() });

/** Per-account switches: add-ons and beta features. */
export const AccountFeaturesSchema = v.object({
  /** Beta: background blur in the room. */
  backgroundBlur: v.boolean(),
  /** Add-on: the host may record calls. */
  recording: v.boolean(),
});
export type AccountFeatures = v.InferOutput<typeof AccountFeaturesSchema>;

/** The switches' names, as the operator API, its audit log and the admin CLI spell them. */
export const FEATURE_NAMES = ['recording', 'backgroundBlur'] as const satisfies readonly (keyof AccountFeatures)[];
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FeatureNameSchema = v.picklist(FEATURE_NAMES, `a feature is one of: ${FEATURE_NAMES.join(', ')}`);

export const UserSchema = v.object({
  id: v.string(),
  email: v.string(),
  name: v.string(),
  features: AccountFeaturesSchema,
  /** Listed in the server's ADMIN_EMAILS: may switch add-ons and betas for every account (`/admin`). */
  operator: v.boolean(),
});
export type User = v.InferOutput<typeof UserSchema>;

export const AuthResponseSchema = v.object({
  user: UserSchema,
  /** Only when asked for with `wantToken`: send as `Authorization: Bearer <token>`. */
  token: v.optional(v.string()),
});
export type AuthResponse = v.InferOutput<typeof AuthResponseSchema>;
