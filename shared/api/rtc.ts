import * as v from 'valibot';

/** One STUN/TURN server as `RTCIceServer` (TURN entries carry a short-lived username and credential). */
export const IceServerSchema = v.object({
  urls: v.union([v.string(), v.array(v.string())]),
  username: v.optional(v.string()),
  credential: v.optional(v.string()),
});
export type IceServer = v.InferOutput<typeof IceServerSchema>;

/** `relay`: browsers use TURN relays only (some companies require it; tests force it). */
export const IceTransportPolicy = { All: 'all', Relay: 'relay' } as const;
export type IceTransportPolicy = (typeof IceTransportPolicy)[keyof typeof IceTransportPolicy];
export const IceTransportPolicySchema = v.picklist([IceTransportPolicy.All, IceTransportPolicy.Relay]);

/** What a page needs to build its `RTCConfiguration`: the join response's `rtc` and `GET …/rtc` share it. */
export const RtcConfigSchema = v.object({
  iceServers: v.array(IceServerSchema),
  iceTransportPolicy: v.optional(IceTransportPolicySchema, IceTransportPolicy.All),
  /** When the TURN credentials in `iceServers` stop being accepted (ms since the epoch); absent without TURN. */
  expiresAt: v.optional(v.number()),
});
export type RtcConfig = v.InferOutput<typeof RtcConfigSchema>;

/** `GET /api/meetings/:id/rtc?checkId=…`: the pre-join check names itself, so its TURN username says whose it is. */
export const RtcQuerySchema = v.object({
  checkId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'checkId must be 1-64 letters, digits, - or _'))),
});
