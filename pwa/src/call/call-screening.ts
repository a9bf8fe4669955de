/**
 * Which incoming PeerJS calls a page answers. The server relays signalling only within a
 * meeting; the page checks again, so that nothing but a participant on its own room's roster
 * ever gets our camera and microphone: a camera call from someone on the roster, a screen call
 * from the participant the room says is sharing. A call from someone not (yet) on the roster is
 * held a moment — the room channel may announce them a little after their offer arrives — and
 * refused if they never show up. A call of a kind we do not know is refused at once.
 */
import { SCREEN_CALL } from './screen-calls.ts';

export type CallKind = 'camera' | 'screen';
export type ScreeningVerdict = 'answer' | 'wait' | 'refuse';

/** PeerJS call metadata → kind: none is a camera call, `{ kind: 'screen' }` a screen; anything else: null. */
export function callKindOf(metadata: unknown): CallKind | null {
  if (metadata === undefined || metadata === null) return 'camera';
  if (typeof metadata === 'object' && !Array.isArray(metadata)) {
    const kind = (metadata as { kind?: unknown }).kind;
    if (kind === SCREEN_CALL) return 'screen';
  }
  return null;
}

export interface ScreenedCall {
  readonly peer: string;
  readonly metadata?: unknown;
  close(): void;
}

export interface CallScreeningOptions<C extends ScreenedCall> {
  verdict(peerId: string, kind: CallKind): ScreeningVerdict;
  /** The call passed: answer it. */
  answer(call: C, kind: CallKind): void;
  /** How long a call from someone not yet allowed is held. */
  holdMs?: number;
  onRefused?(call: C, reason: string): void;
}

export function createCallScreening<C extends ScreenedCall>(options: CallScreeningOptions<C>) {
  const held = new Map<C, { kind: CallKind; timer: ReturnType<typeof setTimeout> }>();

  function refuse(call: C, reason: string) {
    call.close();
    options.onRefused?.(call, reason);
  }

  function settle(call: C, kind: CallKind): boolean {
    const verdict = options.verdict(call.peer, kind);
    if (verdict === 'wait') return false;
    if (verdict === 'answer') options.answer(call, kind);
    else refuse(call, `not allowed to send a ${kind} call`);
    return true;
  }

  return {
    /** An incoming call: answered, held, or refused. */
    offer(call: C): void {
      const kind = callKindOf(call.metadata);
      if (!kind) return refuse(call, 'unknown kind of call');
      if (settle(call, kind)) return;
      const timer = setTimeout(() => {
        held.delete(call);
        refuse(call, 'caller never appeared on the roster');
      }, options.holdMs ?? 5_000);
      held.set(call, { kind, timer });
    },
    /** The roster changed: held calls are looked at again. */
    recheck(): void {
      for (const [call, { kind, timer }] of [...held]) {
        if (!settle(call, kind)) continue;
        clearTimeout(timer);
        held.delete(call);
      }
    },
    heldCount: () => held.size,
    dispose(): void {
      for (const [call, { timer }] of held) {
        clearTimeout(timer);
        call.close();
      }
      held.clear();
    },
  };
}
