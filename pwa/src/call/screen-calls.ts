import { signal, type ReadonlySignal } from '@preact/signals';
import type { MediaConnection, Peer } from 'peerjs';
import { setEntry } from './signal-map.ts';

/** A screen share travels as a second call beside the camera's, marked with this metadata kind. */
export const SCREEN_CALL = 'screen';

/**
 * The mesh's screen-share calls: ours, one per receiver, and those shared with us, one per sharer
 * (the camera calls stay as they are). Part of the mesh (peer-mesh.ts), whose PeerJS socket (peer-socket.ts) holds the Peer.
 */
export function createScreenCalls(deps: { peer: () => Peer | null; selfId: string }) {
  const remoteScreens = signal<ReadonlyMap<string, MediaStream>>(new Map());
  const out = new Map<string, MediaConnection>();
  const incoming = new Map<string, MediaConnection>();

  const setScreen = (id: string, stream: MediaStream | null) => setEntry(remoteScreens, id, stream);

  /** The sharer stopped, or left: their screen goes even if the call's close never arrives. */
  function dropIncoming(remoteId: string) {
    const call = incoming.get(remoteId);
    incoming.delete(remoteId);
    call?.close();
    setScreen(remoteId, null);
  }

  return {
    remoteScreens: remoteScreens as ReadonlySignal<ReadonlyMap<string, MediaStream>>,
    /** Answers a screen call (receive only); a newer one from the same sharer replaces the older. */
    receive(call: MediaConnection) {
      const remoteId = call.peer;
      const previous = incoming.get(remoteId);
      if (previous && previous !== call) previous.close();
      incoming.set(remoteId, call);
      let got = false;
      call.on('stream', (stream) => {
        if (got || incoming.get(remoteId) !== call) return;
        got = true;
        setScreen(remoteId, stream);
      });
      const forget = () => {
        if (incoming.get(remoteId) !== call) return;
        incoming.delete(remoteId);
        setScreen(remoteId, null);
      };
      call.on('close', forget);
      call.on('error', forget);
      call.answer(); // receive only
    },
    /** Sends our screen to one participant (a second call, so our camera stays). */
    shareTo(remoteId: string, stream: MediaStream) {
      const peer = deps.peer();
      if (!peer || remoteId === deps.selfId || out.has(remoteId)) return;
      const call = peer.call(remoteId, stream, { metadata: { kind: SCREEN_CALL } });
      if (!call) return;
      out.set(remoteId, call);
      const forget = () => out.get(remoteId) === call && out.delete(remoteId);
      call.on('close', forget);
      call.on('error', forget);
    },
    /** Ends our share with everyone. */
    stop() {
      for (const call of out.values()) call.close();
      out.clear();
    },
    dropIncoming,
    /** Both ways with one participant (they left, or their page was replaced). */
    drop(remoteId: string) {
      out.get(remoteId)?.close();
      out.delete(remoteId);
      dropIncoming(remoteId);
    },
    /** Every screen call, both ways (for fresh ICE servers). */
    calls: (): MediaConnection[] => [...out.values(), ...incoming.values()],
    dispose() {
      for (const call of [...out.values(), ...incoming.values()]) call.close();
      out.clear();
      incoming.clear();
      remoteScreens.value = new Map();
    },
  };
}
