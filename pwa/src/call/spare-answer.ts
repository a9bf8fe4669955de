/**
 * A connection made ahead for the next camera call someone places to us. Answering a call, PeerJS
 * makes its RTCPeerConnection and adds our tracks (4–10 ms of the main thread on the 2-core
 * machine) after the offer came in, while the caller waits for our answer; a page already in a
 * call makes that connection in a quiet moment instead, and PeerJS's Negotiator takes it for the
 * next call it answers (the `_spare` option, pwa/build/peerjs-media-only.ts). Nothing is
 * negotiated and nothing gathered until a call takes it: an offer applied to it pairs its
 * m-sections with the transceivers `addTrack` made, as it would on a connection made then.
 * Framework-free.
 */

export interface SpareAnswer {
  /**
   * The connection for a call answered now with `stream`, its senders carrying that stream's
   * tracks; null (and closed) when it was taken or closed, or `stream` has other kinds of track
   * than it was made with. Once.
   */
  take(stream: MediaStream): RTCPeerConnection | null;
  /** Swaps the track it would send of that kind (a device switched, blur turned on), until taken. */
  replaceTrack(kind: string, track: MediaStreamTrack): void;
  /** Closes it unless a call took it. */
  close(): void;
}

export function createSpareAnswer(
  config: RTCConfiguration,
  stream: MediaStream,
  makeConnection: (config: RTCConfiguration) => RTCPeerConnection = (c) => new RTCPeerConnection(c),
): SpareAnswer {
  const pc = makeConnection(config);
  const senders = stream.getTracks().map((track) => ({ kind: track.kind, sender: pc.addTrack(track, stream) }));
  let state: 'spare' | 'taken' | 'closed' = 'spare';
  const kinds = (list: readonly { kind: string }[]) =>
    list
      .map((x) => x.kind)
      .sort()
      .join();

  function close() {
    if (state !== 'spare') return;
    state = 'closed';
    pc.close();
  }

  function send(sender: RTCRtpSender, track: MediaStreamTrack) {
    if (sender.track !== track) sender.replaceTrack(track).catch((error) => console.warn('could not swap a track:', error));
  }

  return {
    take(now) {
      if (state !== 'spare') return null;
      const tracks = now.getTracks();
      if (kinds(tracks) !== kinds(senders)) {
        close();
        return null;
      }
      state = 'taken';
      for (const track of tracks) {
        const { sender } = senders.find((s) => s.kind === track.kind)!;
        // The camera arrived since, or a track changed without a word to us: the call sends what we send now.
        send(sender, track);
        if (now !== stream) sender.setStreams?.(now);
      }
      return pc;
    },
    replaceTrack(kind, track) {
      const spare = senders.find((s) => s.kind === kind);
      if (state === 'spare' && spare) send(spare.sender, track);
    },
    close,
  };
}
