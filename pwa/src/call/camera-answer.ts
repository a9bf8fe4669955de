import type { ReadonlySignal } from '@preact/signals';
import type { MediaConnection } from 'peerjs';
import type { LinkStatus } from '../network/connection-verdict.ts';
import type { Link } from './camera-link.ts';
import type { SpareAnswer } from './spare-answer.ts';

/**
 * Two calls cross (glare) when each side places one before the other's offer arrives: within a
 * signalling round trip. A call of ours still unanswered after this long is no crossing but an
 * offer lost on its way (to a page reloading, into its old socket), and a call from them is taken
 * instead of refused. Shorter than the reloaded page's
 * wait before it calls itself (calls-after-reload.ts, 2 s).
 */
export const GLARE_WINDOW_MS = 1_000;

export interface CameraAnswerDeps {
  selfId: string;
  /** The mesh's camera calls, by participant. */
  links: ReadonlyMap<string, Link>;
  /** How each camera call is doing (link-watch.ts): a failed call of ours never wins a crossing. */
  linkStatus: ReadonlySignal<ReadonlyMap<string, LinkStatus>>;
  /** The stream we send; read at call time so device changes are picked up. */
  localStream: () => MediaStream;
  /** The connections made ahead (made-ahead.ts): the spare for the call we answer. */
  ahead: { takeSpare(): SpareAnswer | null };
  /** Makes the call theirs in the mesh (peer-mesh.ts). */
  attach: (remoteId: string, call: MediaConnection, outgoing: boolean) => void;
  closeWhenDropped: (remoteId: string, call: MediaConnection) => void;
  watch: (remoteId: string, call: MediaConnection) => void;
  /** Our offer or answer to them is sent (camera-link.ts). */
  described: (remoteId: string) => Promise<void>;
}

/**
 * Answers the camera calls that passed the mesh's screening: a crossing with a call of ours (glare)
 * is settled by id order, the call started by the smaller id wins; the answer goes on the
 * connection made ahead for it. `answered` tells who waits for that answer (a reloaded page).
 */
export function createCameraAnswer(options: CameraAnswerDeps) {
  const { links, linkStatus, ahead, attach, closeWhenDropped, watch, described } = options;
  /** Who waits for our answer to a camera call from a participant (`answered`). */
  const answerWaiters = new Map<string, (() => void)[]>();

  function answerCamera(call: MediaConnection) {
    const remoteId = call.peer;
    const existing = links.get(remoteId);
    // Glare: we are calling them at the same time; the smaller id's call wins. A call of ours left
    // unanswered longer than a crossing takes was lost: theirs is taken.
    const failed = linkStatus.value.get(remoteId)?.state === 'failed';
    const crossing = existing?.outgoing === true && !existing.call.open && Date.now() - existing.since < GLARE_WINDOW_MS;
    if (crossing && !failed && options.selfId < remoteId) {
      call.close();
      return;
    }
    attach(remoteId, call, false);
    const spare = ahead.takeSpare();
    if (spare) (call as unknown as { options: Record<string, unknown> }).options._spare = spare;
    call.answer(options.localStream());
    // A PeerJS that did not take it (the stream's kinds changed, or a test's fake) made its own.
    spare?.close();
    // An answered call has its RTCPeerConnection only now.
    closeWhenDropped(remoteId, call);
    watch(remoteId, call);
    for (const wake of answerWaiters.get(remoteId) ?? []) wake();
    answerWaiters.delete(remoteId);
  }

  return {
    answerCamera,
    /**
     * Resolves once we answered a camera call from this participant and our answer is out (the
     * call a page present places to ours after our reload); waits for that call to come. Once
     * `signal` aborts (we stopped waiting), the wait is dropped and the promise never settles.
     */
    answered(remoteId: string, signal?: AbortSignal): Promise<void> {
      if (links.get(remoteId)?.outgoing === false) return described(remoteId);
      return new Promise((resolve) => {
        if (signal?.aborted) return;
        const wake = () => void described(remoteId).then(resolve);
        const waiters = answerWaiters.get(remoteId) ?? [];
        waiters.push(wake);
        answerWaiters.set(remoteId, waiters);
        signal?.addEventListener(
          'abort',
          () => {
            const left = answerWaiters.get(remoteId)?.filter((w) => w !== wake) ?? [];
            if (left.length) answerWaiters.set(remoteId, left);
            else answerWaiters.delete(remoteId);
          },
          { once: true },
        );
      });
    },
    /** Nobody waits any more (the mesh is disposed). */
    dispose() {
      answerWaiters.clear();
    },
  };
}
