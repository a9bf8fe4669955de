/** First wait before calling a participant again after our call with them failed (ms); it grows with each failure in a row. */
export const RECALL_DELAY_MS = 500;
/** Failures in a row after which the bridge stops calling that participant. */
export const RECALLS_MAX = 5;
/** A connection that lived this long before failing was up: the next failure counts from one again (a blip in a long call). */
export const RECALL_RESET_AFTER_MS = 30_000;

/**
 * When the phone bridge calls a participant again after the connection it started with them
 * failed (ICE or DTLS gave up, it heard nothing for a while: rtc-link.ts, or PeerServer could not
 * deliver the offer). A browser calls again a connection that dies; the bridge did not, and a
 * failed call left both sides without each other's voice for the rest of the call, with nothing
 * said (seen beside busy loops: two phone callers in a meeting that never heard each other). Each
 * failure in a row waits longer (`RECALL_DELAY_MS` × its number), up to `RECALLS_MAX`; a
 * connection that had lived `RECALL_RESET_AFTER_MS` starts the count again. Forgets a participant
 * who left.
 */
export class MeshRecalls {
  private readonly failures = new Map<string, number>();

  /** The wait before calling `remoteId` again after a connection that lived `livedMs` failed; null: give up. */
  failed(remoteId: string, livedMs: number): number | null {
    const inRow = livedMs >= RECALL_RESET_AFTER_MS ? 1 : (this.failures.get(remoteId) ?? 0) + 1;
    this.failures.set(remoteId, inRow);
    return inRow > RECALLS_MAX ? null : RECALL_DELAY_MS * inRow;
  }

  forget(remoteId: string): void {
    this.failures.delete(remoteId);
  }
}
