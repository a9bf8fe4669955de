import type { JanusHandle, Jsep } from '../../../../shared/sfu/janus-api.ts';

/** Our ICE candidates go to Janus on the handle the connection belongs to. */
export function trickleFrom(pc: RTCPeerConnection, handle: JanusHandle) {
  pc.onicecandidate = (event) => {
    const c = event.candidate;
    void handle.trickle(c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null).catch(() => undefined);
  };
}

export function toJsep(description: RTCSessionDescription | null): Jsep {
  if (!description) throw new Error('no local description');
  return { type: description.type, sdp: description.sdp };
}

/** A publisher handle that has joined: offers what the connection sends, takes Janus's answer. */
export async function offerToPublish(handle: JanusHandle, pc: RTCPeerConnection): Promise<void> {
  await pc.setLocalDescription(await pc.createOffer());
  const answer = await handle.message({ request: 'publish' }, toJsep(pc.localDescription));
  if (!answer.jsep) throw new Error('Janus sent no answer to our offer');
  await pc.setRemoteDescription(answer.jsep as RTCSessionDescriptionInit);
}
