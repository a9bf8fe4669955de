import type { Signal } from '@preact/signals';

/**
 * idle: not asked yet (or gave up); knocking: asking; waiting: in the waiting room;
 * declined: the host said no (or ended the meeting meanwhile); elsewhere: this browser
 * asked again from another tab.
 */
export type LobbyStatus = 'idle' | 'knocking' | 'waiting' | 'declined' | 'elsewhere';

export interface LobbyDeps {
  meetingId: string;
  /** Invite token and device id headers. */
  accessHeaders: Record<string, string>;
  /** Custom WebSocket base (tests); defaults to this page's origin. */
  baseUrl?: string;
}

export interface EnterChoice {
  name: string;
  audioMuted: boolean;
  videoMuted: boolean;
}

/** The lobby's state, shared with the knock's code when it loads. */
export interface LobbyState {
  status: Signal<LobbyStatus>;
  hostPresent: Signal<boolean>;
  removedBefore: Signal<boolean>;
  declinedReason: Signal<'declined' | 'ended' | null>;
  error: Signal<{ code: string; message: string } | null>;
}
