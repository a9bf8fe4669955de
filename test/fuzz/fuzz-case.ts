import fc from 'fast-check';
import { twilioSignature } from '../../server/dialin/twilio/signature.ts';
import { CALLERS, WORLD_DEVICE_ID, WORLD_TWILIO_TOKEN, type Caller, type TestWorld } from '../server/test-world.ts';
import { API_ROUTES, otherIds, PATH_PARAMS, validParam, type BodyKind, type PathParam } from './api-routes.ts';
import { bodyBytes, headerValue, jsonText, malformedJson, objectKey, pathSegment, weirdString } from './arbitraries.ts';

/**
 * One generated request, symbolic: it names the world's secrets and ids ("the host's
 * session", "the link token") rather than holding them, so the same case runs against
 * any freshly built world.
 */
export interface FuzzCase {
  /** Index into API_ROUTES, or -1 for a path of no route. */
  route: number;
  method: string | null;
  /** Path parameters are the world's good ones, but for this one (if any). */
  badParam: { name: PathParam; choice: ParamChoice } | null;
  pathSuffix: string;
  /** For route -1: a path under the API, the PWA's folders or its client routes. */
  strayPath: { prefix: string; segments: string[] };
  query: [string, Value][];
  /** Send the query as generated, without percent-encoding it (so `%zz` and `&` get through). */
  rawQuery: boolean;
  caller: Caller;
  headers: [string, Value][];
  body: BodyChoice;
  contentType: string | null | 'auto';
}

/** A world secret or id, looked up when the case runs. */
export const WORLD_REFS = [
  'hostSession',
  'otherSession',
  'operatorSession',
  'linkToken',
  'inviteToken',
  'revokedToken',
  'hostParticipantId',
  'hostParticipantToken',
  'guestParticipantId',
  'guestParticipantToken',
  'otherParticipantToken',
  'meetingId',
  'otherMeetingId',
  'pin',
  'callerId',
  'deviceId',
  'waiterId',
] as const;
export type WorldRef = (typeof WORLD_REFS)[number];

/** Text around an optional world value: `Bearer <host session>`, `sid=<junk>`, … */
export type Value = { prefix: string; ref: WorldRef | null; suffix: string };

export type ParamChoice = { kind: 'other'; index: number } | { kind: 'raw'; value: string; encode: boolean };

export type Mutation =
  | { op: 'set'; key: string; value: string }
  | { op: 'delete'; index: number }
  | { op: 'retype'; index: number; value: string }
  | { op: 'nest'; index: number; key: string; value: string };

export type BodyChoice =
  | { kind: 'none' }
  | { kind: 'sample'; mutations: Mutation[] }
  | { kind: 'json'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'form'; pairs: [string, Value][]; signature: 'valid' | 'none' | 'wrong-url' | 'wrong-token' | 'junk'; junk: string };

/** Values that mean something to some header (ranges, lengths, client hints, forwarded addresses…). */
const MEANINGFUL_HEADER_VALUES = [
  'bytes=0-',
  'bytes=-1',
  'bytes=0-0',
  'bytes=5-2',
  'bytes=0-1,3-4',
  'bytes=99999999999999999999-',
  'bytes=-0',
  'items=0-1',
  '0',
  '-1',
  'abc',
  '1e3',
  ' 5',
  '99999999999999999999',
  '65537',
  'chunked',
  'gzip, deflate, br',
  'br',
  'identity;q=0',
  '"Chromium";v="131", "Not A;Brand";v="99"',
  '"',
  '?1',
  '?0',
  '"Windows"',
  '"15.0.0"',
  '""',
  '127.0.0.1',
  '::1',
  '1.2.3.4, 5.6.7.8',
  'https',
  'http',
  'javascript',
  'evil.example:443',
  'localhost:99999',
  '[::1]',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)',
  'text/html',
  '*/*',
];

const valueArb: fc.Arbitrary<Value> = fc.oneof(
  { arbitrary: fc.constantFrom(...MEANINGFUL_HEADER_VALUES).map((suffix): Value => ({ prefix: '', ref: null, suffix })), weight: 2 },
  { arbitrary: fc.record({ prefix: fc.constant(''), ref: fc.constantFrom(...WORLD_REFS), suffix: fc.constant('') }), weight: 3 },
  { arbitrary: fc.record({ prefix: fc.constant(''), ref: fc.constant(null), suffix: headerValue }), weight: 3 },
  {
    arbitrary: fc.record({
      prefix: fc.constantFrom('', ' ', 'Bearer ', 'bearer ', 'sid=', 'sid=x; sid=', 'x', '%20'),
      ref: fc.option(fc.constantFrom(...WORLD_REFS), { nil: null }),
      suffix: fc.constantFrom('', ' ', 'x', '; sid=junk', '=', '\t', '%00', 'A'.repeat(200)),
    }),
    weight: 2,
  },
);

const HEADER_NAMES = [
  'cookie',
  'authorization',
  'x-invite-token',
  'x-participant-id',
  'x-participant-token',
  'content-length',
  'user-agent',
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
  'sec-ch-ua-platform-version',
  'sec-ch-ua-model',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'range',
  'accept-encoding',
  'x-twilio-signature',
  'origin',
  'accept',
  'transfer-encoding',
  'x-device-id',
];
const QUERY_KEYS = [
  'invite',
  'name',
  'inline',
  'download',
  'attempt',
  'checkId',
  'participantId',
  'participantToken',
  'token',
  'offset',
  'limit',
  'search',
  '__proto__',
  'constructor[prototype]',
  'a[b]',
  '',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/vnd.api+json',
  ';;;',
  'application/*',
  'image/png',
  'text/html',
];
const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'get'];
const TWILIO_KEYS = ['CallSid', 'From', 'To', 'Digits', 'AccountSid', 'CallStatus', 'Direction'];

const paramChoice: fc.Arbitrary<ParamChoice> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('other' as const), index: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('raw' as const), value: pathSegment, encode: fc.boolean() }), weight: 2 },
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: objectKey, value: jsonText }),
  fc.record({ op: fc.constant('delete' as const), index: fc.nat() }),
  fc.record({ op: fc.constant('retype' as const), index: fc.nat(), value: jsonText }),
  fc.record({ op: fc.constant('nest' as const), index: fc.nat(), key: objectKey, value: jsonText }),
);

const twilioPair: fc.Arbitrary<[string, Value]> = fc.tuple(
  fc.oneof({ arbitrary: fc.constantFrom(...TWILIO_KEYS), weight: 4 }, { arbitrary: weirdString.filter((s) => s.length < 200), weight: 1 }),
  fc.oneof(
    {
      arbitrary: fc.constantFrom<Value>(
        { prefix: 'CA', ref: null, suffix: '0123456789abcdef' },
        { prefix: '', ref: 'pin', suffix: '' },
        { prefix: '+1555', ref: null, suffix: '1234567' },
      ),
      weight: 3,
    },
    { arbitrary: valueArb, weight: 1 },
    { arbitrary: weirdString.map((s): Value => ({ prefix: '', ref: null, suffix: s })), weight: 2 },
  ),
);

const noBody = fc.constant({ kind: 'none' as const });
const sampleBody = fc.record({ kind: fc.constant('sample' as const), mutations: fc.array(mutation, { maxLength: 3 }) });
const jsonBody = fc.record({ kind: fc.constant('json' as const), text: fc.oneof(jsonText, malformedJson) });
const bytesBody = fc.record({ kind: fc.constant('bytes' as const), bytes: bodyBytes });
const formBody = fc.record({
  kind: fc.constant('form' as const),
  pairs: fc.array(twilioPair, { maxLength: 6 }),
  signature: fc.constantFrom(
    'valid' as const,
    'valid' as const,
    'none' as const,
    'wrong-url' as const,
    'wrong-token' as const,
    'junk' as const,
  ),
  junk: headerValue,
});

/** Every caller, weighted towards those who get past the access checks (so the body checks run too). */
const callerArb: fc.Arbitrary<Caller> = fc.oneof(
  ...CALLERS.map((caller) => ({
    arbitrary: fc.constant(caller),
    weight: caller === 'host' || caller === 'hostParticipant' || caller === 'linkGuestParticipant' || caller === 'operator' ? 4 : 1,
  })),
);

/** Mostly the kind of body the route takes (so generated cases get past the first check), sometimes another. */
const bodyFor = (kind: BodyKind): fc.Arbitrary<BodyChoice> => {
  const weights: Record<BodyKind, [number, number, number, number, number]> = {
    //     none sample json bytes form
    json: [1, 6, 3, 1, 1],
    bytes: [1, 0, 1, 6, 1],
    form: [1, 0, 1, 1, 6],
    none: [4, 1, 2, 1, 1],
  };
  const [none, sample, json, bytes, form] = weights[kind];
  return fc.oneof(
    { arbitrary: noBody, weight: none },
    { arbitrary: sampleBody, weight: sample },
    { arbitrary: jsonBody, weight: json },
    { arbitrary: bytesBody, weight: bytes },
    { arbitrary: formBody, weight: form },
  );
};

/** A generated request against any route (or none). */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .oneof({ arbitrary: fc.integer({ min: 0, max: API_ROUTES.length - 1 }), weight: 12 }, { arbitrary: fc.constant(-1), weight: 1 })
  .chain((route) =>
    fc.record({
      route: fc.constant(route),
      method: fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: fc.constantFrom(...OTHER_METHODS), weight: 1 }),
      badParam: fc.option(fc.record({ name: fc.constantFrom(...PATH_PARAMS), choice: paramChoice }), { nil: null, freq: 3 }),
      pathSuffix: fc.oneof(
        { arbitrary: fc.constant(''), weight: 10 },
        { arbitrary: fc.constantFrom('/', '//', '/..', '/x', '/%2e%2e', '?', '#frag', '/.'), weight: 1 },
      ),
      strayPath: fc.record({
        prefix: fc.constantFrom('/api/', '/', '/assets/', '/blur/', '/m/', '/assets/..%2f', '/%2e%2e/', '/sw.js/'),
        segments: fc.array(
          fc.oneof(pathSegment, fc.constantFrom('secret.txt', '..', '%2e%2e', '..%2fsecret.txt', 'index.html', 'app.js', '.%2e')),
          { minLength: 1, maxLength: 4 },
        ),
      }),
      rawQuery: fc.boolean(),
      query: fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(...QUERY_KEYS),
            weirdString.filter((s) => s.length < 100),
          ),
          valueArb,
        ),
        { maxLength: 3 },
      ),
      caller: callerArb,
      headers: fc.array(fc.tuple(fc.constantFrom(...HEADER_NAMES), valueArb), { maxLength: 3 }),
      body: bodyFor(API_ROUTES[route]?.body ?? 'none'),
      contentType: fc.oneof(
        { arbitrary: fc.constant('auto' as const), weight: 6 },
        { arbitrary: fc.constant(null), weight: 1 },
        { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 },
        { arbitrary: headerValue, weight: 1 },
      ),
    }),
  );

function refValue(world: TestWorld, ref: WorldRef): string {
  const { participants: p } = world;
  const values: Record<WorldRef, string> = {
    hostSession: world.host.token,
    otherSession: world.other.token,
    operatorSession: world.operator.token,
    linkToken: world.linkToken,
    inviteToken: world.invites.invited.token,
    revokedToken: world.invites.revoked.token,
    hostParticipantId: p.host.id,
    hostParticipantToken: p.host.token,
    guestParticipantId: p.linkGuest.id,
    guestParticipantToken: p.linkGuest.token,
    otherParticipantToken: p.other.token,
    meetingId: world.meetingId,
    otherMeetingId: world.otherMeetingId,
    pin: world.pin,
    callerId: world.callerId,
    deviceId: WORLD_DEVICE_ID,
    waiterId: world.waiterId,
  };
  return values[ref];
}

const resolve = (world: TestWorld, v: Value) => v.prefix + (v.ref ? refValue(world, v.ref) : '') + v.suffix;

const encodeSegment = (raw: string, encode: boolean) => {
  try {
    return encode ? encodeURIComponent(raw) : raw;
  } catch {
    return raw; // a lone surrogate cannot be encoded: send it as it is
  }
};

function applyMutations(sample: Record<string, unknown>, mutations: Mutation[]): string {
  // Values are kept as JSON texts so generated ones go out exactly as generated.
  const entries: [string, string][] = Object.entries(sample).map(([k, v]) => [k, JSON.stringify(v)]);
  for (const m of mutations) {
    const at = entries.length > 0 && m.op !== 'set' ? m.index % entries.length : -1;
    if (m.op === 'set') entries.push([m.key, m.value]);
    else if (at < 0) continue;
    else if (m.op === 'delete') entries.splice(at, 1);
    else if (m.op === 'retype') entries[at]![1] = m.value;
    else entries[at]![1] = `{${JSON.stringify(m.key)}:${m.value}}`;
  }
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

/** The request a case describes, against this world. */
export function buildRequest(world: TestWorld, c: FuzzCase): Request {
  const spec = c.route >= 0 ? API_ROUTES[c.route]! : null;
  const method = c.method ?? spec?.method ?? 'GET';
  const others = otherIds(world);
  const path = spec
    ? spec.path.replace(/:(\w+)/g, (_, name: PathParam) => {
        const choice = c.badParam?.name === name ? c.badParam.choice : null;
        if (!choice) return validParam(world, name);
        if (choice.kind === 'other') return others[choice.index % others.length]!;
        return encodeSegment(choice.value, choice.encode);
      }) + c.pathSuffix
    : `${c.strayPath.prefix}${c.strayPath.segments.map((s) => encodeSegment(s, false)).join('/')}`;
  // Generated pairs first (they win over the route's usual ones, which are read first-come).
  const pairs = c.query.map(([k, v]) => [k, resolve(world, v)] as const);
  for (const [k, v] of Object.entries(spec?.query ?? {})) if (!pairs.some(([key]) => key === k)) pairs.push([k, v]);
  const query = pairs.map(([k, v]) => `${encodeSegment(k, !c.rawQuery)}=${encodeSegment(v, !c.rawQuery)}`).join('&');
  const url = `http://localhost${path}${query ? `?${query}` : ''}`;

  const headers = new Headers(world.headers[c.caller]);
  for (const [name, value] of c.headers) headers.set(name, resolve(world, value));

  let body: BodyInit | undefined;
  let autoType: string | null = null;
  const b = c.body;
  if (b.kind === 'sample') {
    body = applyMutations(spec?.sample?.(world) ?? {}, b.mutations);
    autoType = 'application/json';
  } else if (b.kind === 'json') {
    body = b.text;
    autoType = 'application/json';
  } else if (b.kind === 'bytes') {
    body = b.bytes as Uint8Array<ArrayBuffer>;
    autoType = 'application/octet-stream';
  } else if (b.kind === 'form') {
    const pairs = b.pairs.map(([k, v]) => [k, resolve(world, v)] as [string, string]);
    body = new URLSearchParams(pairs).toString();
    autoType = 'application/x-www-form-urlencoded';
    const origin = b.signature === 'wrong-url' ? 'https://elsewhere.example' : (world.config.publicUrl ?? new URL(url).origin);
    const signedUrl = `${origin}${new URL(url).pathname}${new URL(url).search}`;
    const sent = [...new URLSearchParams(body)];
    if (b.signature === 'junk') headers.set('x-twilio-signature', b.junk);
    else if (b.signature !== 'none')
      headers.set(
        'x-twilio-signature',
        twilioSignature(b.signature === 'wrong-token' ? 'not-the-token' : WORLD_TWILIO_TOKEN, signedUrl, sent),
      );
  }
  const type = c.contentType === 'auto' ? autoType : c.contentType;
  if (type) headers.set('content-type', type);
  else headers.delete('content-type');
  const upper = method.toUpperCase();
  return new Request(url, { method, headers, body: upper === 'GET' || upper === 'HEAD' ? undefined : body });
}
