import type { Plugin } from 'vite';

const PEERJS = /[/\\]node_modules[/\\]peerjs[/\\]dist[/\\]bundler\.mjs$/;
/** PeerJS's probe: from the line after its WebRTC test up to the answer. */
const PROBE = /(if \(!supported\.webRTC\) return supported;)[\s\S]*?(return supported;)/;

/**
 * PeerJS works out `util.supports` as its module runs by opening an RTCPeerConnection and a data
 * channel and closing them again: 5–7 ms of a guest's main thread on the pre-join page, for one
 * question it asks later (`new Peer` refuses a browser with neither media nor data). Every browser
 * we support that has WebRTC has both, so the probe is left out: `supports` says what
 * `RTCPeerConnection`'s presence says. The build fails if a PeerJS update moves the probe.
 */
export function peerjsSupportCheck(): Plugin {
  return {
    name: 'peerjs-support-check',
    enforce: 'pre',
    transform(code, id) {
      if (!PEERJS.test(id)) return null;
      if (!PROBE.test(code)) throw new Error('peerjs-support-check: PeerJS no longer probes util.supports the way this plugin expects');
      return {
        code: code.replace(
          PROBE,
          '$1\n            supported.audioVideo = supported.data = supported.reliable = supported.binaryBlob = true;\n            $2',
        ),
        map: null,
      };
    },
  };
}
