/**
 * Simulcast on the SFU: our camera goes to Janus in three layers (rid `h`, `m`, `l`, listed high to
 * low as Janus expects by default, `rid_order: "hml"`), and each subscriber picks the layer it needs
 * (VideoRoom `configure` with `substream` on its handle: 0 is the lowest, 2 the highest).
 *
 * The bitrate caps: the camera sends 640×480 (media/local-media.ts); the top layer keeps the mesh's
 * near-HD ceiling for a few people, the others are a half and a quarter of it in each dimension.
 * Under a weak uplink the browser drops the top layers on its own (its bandwidth estimate is per
 * connection, and the publisher has just one).
 */
export const SIMULCAST_ENCODINGS: readonly RTCRtpEncodingParameters[] = [
  { rid: 'h', active: true, maxBitrate: 800_000 },
  { rid: 'm', active: true, maxBitrate: 300_000, scaleResolutionDownBy: 2 },
  { rid: 'l', active: true, maxBitrate: 100_000, scaleResolutionDownBy: 4 },
];

/** Janus's substream numbers. */
export const Substream = { Low: 0, Medium: 1, High: 2 } as const;
export type Substream = (typeof Substream)[keyof typeof Substream];

/** A tile's wish: the focused tile (and a shared screen) wants the best layer, the grid's tiles the smallest. */
export type LayerWish = 'high' | 'low';
export const substreamFor = (wish: LayerWish): Substream => (wish === 'high' ? Substream.High : Substream.Low);

/**
 * Adds our camera to the publisher's connection in three layers where the browser takes them, in one
 * layer where it does not (an older browser throws on `sendEncodings` with rids).
 */
export function addSimulcastVideo(pc: RTCPeerConnection, track: MediaStreamTrack): 'simulcast' | 'single' {
  try {
    pc.addTransceiver(track, { direction: 'sendonly', sendEncodings: SIMULCAST_ENCODINGS.map((e) => ({ ...e })) });
    return 'simulcast';
  } catch {
    pc.addTransceiver(track, { direction: 'sendonly' });
    return 'single';
  }
}
