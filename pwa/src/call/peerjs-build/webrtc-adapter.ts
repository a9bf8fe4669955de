/**
 * In place of `webrtc-adapter` for PeerJS (see README.md): only `browserDetails`, worked out from
 * the user agent the way the adapter does (Chromium-based: Chrome's major version; Firefox: its
 * major version; Safari: WebKit's version number).
 */
function detect(): { browser: string | null; version: number | null } {
  if (typeof navigator === 'undefined' || typeof window === 'undefined' || !navigator.mediaDevices) return { browser: null, version: null };
  const ua = navigator.userAgent;
  const firefox = /Firefox\/(\d+)\./.exec(ua);
  if (firefox) return { browser: 'firefox', version: Number(firefox[1]) };
  const chrome = /Chrom(?:e|ium)\/(\d+)\./.exec(ua);
  if (chrome) return { browser: 'chrome', version: Number(chrome[1]) };
  const webkit = /AppleWebKit\/(\d+)\./.exec(ua);
  if (webkit && 'RTCPeerConnection' in window) return { browser: 'safari', version: Number(webkit[1]) };
  return { browser: null, version: null };
}

export default { browserDetails: detect() };
