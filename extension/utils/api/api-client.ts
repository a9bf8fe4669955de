import * as v from 'valibot';
import { AuthResponseSchema, UserSchema } from '@shared/api/auth';
import { ApiErrorBodySchema } from '@shared/api/errors';
import { MeetingListSchema, MeetingSchema, type CreateMeetingBody } from '@shared/api/meetings';

/** Why a call failed: one of the API's error codes, or one of ours for what happened before it. */
export const ClientFailure = {
  /** Nothing answered at the address (wrong address, server down, offline). */
  Unreachable: 'unreachable',
  /** Something answered, but not our API. */
  NotMeetingServer: 'not_meeting_server',
} as const;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  /** The server's origin, e.g. `https://meet.example.com`. */
  origin: string;
  /** Bearer token of the signed-in user. */
  token?: string;
  fetch?: typeof fetch;
}

const HealthSchema = v.object({ ok: v.literal(true) });
const MeSchema = v.object({ user: UserSchema });

/** Our JSON API from the extension: bearer token instead of the PWA's cookie, every answer parsed. */
export function createApiClient({ origin, token, fetch: fetchFn = globalThis.fetch.bind(globalThis) }: ApiClientOptions) {
  async function call<T>(method: string, path: string, schema: v.GenericSchema<unknown, T> | null, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetchFn(origin + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(
        ClientFailure.Unreachable,
        `Nothing answers at ${origin}. Check the server address, and that the server is running.`,
      );
    }
    const json = await res.json().catch(() => undefined);
    if (!res.ok) {
      const error = v.safeParse(ApiErrorBodySchema, json);
      if (!error.success) throw notOurServer(origin, res.status);
      throw new ApiError(error.output.error.code, error.output.error.message, res.status);
    }
    if (!schema) return undefined as T;
    const parsed = v.safeParse(schema, json);
    if (!parsed.success) throw notOurServer(origin, res.status);
    return parsed.output;
  }

  return {
    origin,
    /** Resolves when `origin` is one of our servers. */
    health: () => call('GET', '/api/health', HealthSchema),
    signIn: (email: string, password: string) => call('POST', '/api/auth/signin', AuthResponseSchema, { email, password, wantToken: true }),
    me: () => call('GET', '/api/auth/me', MeSchema),
    signOut: () => call('POST', '/api/auth/signout', null),
    listMeetings: () => call('GET', '/api/meetings', MeetingListSchema),
    createMeeting: (body: CreateMeetingBody) => call('POST', '/api/meetings', MeetingSchema, body),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

const notOurServer = (origin: string, status: number) =>
  new ApiError(
    ClientFailure.NotMeetingServer,
    `${origin} answered (HTTP ${status}), but it is not a meeting server. Check the address.`,
    status,
  );
