/** How long a swap waits for a connection being set up at most (ms). */
export const CONNECTING_WAIT_MAX_MS = 1000;

type Connection = Pick<
  RTCPeerConnection,
  'connectionState' | 'localDescription' | 'remoteDescription' | 'addEventListener' | 'removeEventListener'
>;

/**
 * Whether WebRTC is setting the connection up: a description is out or in, and the transport (ICE,
 * DTLS) is not up yet. WebRTC's threads are at their busiest then (applying the answer, which the
 * page cannot see begin, then ICE and DTLS), and a call that waits on them from the page
 * (`replaceTrack` makes its new track's adapter on the signaling thread) holds the main thread: a
 * swap there took 17–44 ms, against 1–6 ms once the connection is up.
 */
export function isConnecting(pc: Connection): boolean {
  const described = Boolean(pc.localDescription || pc.remoteDescription);
  return described && (pc.connectionState === 'new' || pc.connectionState === 'connecting');
}

/**
 * Resolves at once when the connection is not being set up (`isConnecting`), else once it is up,
 * failed or closed, or after `maxMs`.
 */
export function untilConnected(pc: Connection, maxMs = CONNECTING_WAIT_MAX_MS): Promise<void> {
  if (!isConnecting(pc)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      resolve();
    };
    const check = () => {
      if (!isConnecting(pc)) done();
    };
    const timer = setTimeout(done, maxMs);
    pc.addEventListener('connectionstatechange', check);
  });
}

type Checking = Pick<RTCPeerConnection, 'iceConnectionState' | 'signalingState' | 'addEventListener' | 'removeEventListener'>;

/**
 * Resolves once ICE is checking or past it (the other side's description and candidates are in,
 * ours out), or the connection is closed. From then until the first frame WebRTC's own threads
 * carry the call (ICE, DTLS, the first frames decoded), so the page's main thread may draw. A
 * connection closed by our side fires no event: whoever waits on this caps the wait.
 */
export function untilIceUnderWay(pc: Checking): Promise<void> {
  const going = () => pc.iceConnectionState !== 'new' || pc.signalingState === 'closed';
  if (going()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (!going()) return;
      pc.removeEventListener('iceconnectionstatechange', done);
      resolve();
    };
    pc.addEventListener('iceconnectionstatechange', done);
  });
}
