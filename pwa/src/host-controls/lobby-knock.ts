import { KnockResponseSchema } from '../../../shared/api/host-controls.ts';
import { LOBBY_CANCEL_REASON, LOBBY_CHANNEL_PATH, LobbyCloseCode, parseLobbyEvent, type LobbyEvent } from '../../../shared/lobby-events.ts';
import { apiRequest, ApiClientError } from '../api/api-client.ts';
import { saveRejoinTicket } from '../call/rejoin-store.ts';
import type { EnterChoice, LobbyDeps, LobbyState } from './lobby-types.ts';

/**
 * The knock and the wait (create-lobby.ts holds the state): loaded when a guest first knocks, so a
 * guest the room lets straight in never loads it.
 */
export function createKnocker({ meetingId, accessHeaders, baseUrl }: LobbyDeps, state: LobbyState) {
  const { status, hostPresent, removedBefore, declinedReason, error } = state;
  let ws: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let settle: ((admitted: boolean) => void) | null = null;
  let choice: EnterChoice | null = null;

  const base = () => baseUrl ?? `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;

  function finish(admitted: boolean) {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    const done = settle;
    settle = null;
    done?.(admitted);
  }

  function closeSocket(reason?: string) {
    const socket = ws;
    ws = null;
    socket?.close(1000, reason);
  }

  function onEvent(event: LobbyEvent) {
    switch (event.type) {
      case 'lobby-status':
        hostPresent.value = event.hostPresent;
        return;
      case 'admitted':
        saveRejoinTicket(meetingId, { participantId: event.participantId, token: event.token, ...choice! });
        closeSocket();
        status.value = 'idle';
        finish(true);
        return;
      case 'declined':
        closeSocket();
        declinedReason.value = event.reason;
        status.value = 'declined';
        finish(false);
        return;
    }
  }

  function listen(ticket: { waiterId: string; token: string }, attempt = 0) {
    const url = `${base()}${LOBBY_CHANNEL_PATH}${encodeURIComponent(meetingId)}?waiterId=${encodeURIComponent(ticket.waiterId)}&token=${encodeURIComponent(ticket.token)}`;
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = () => (attempt = 0);
    socket.onmessage = (message) => {
      const parsed = typeof message.data === 'string' ? parseLobbyEvent(message.data) : null;
      if (parsed?.ok) onEvent(parsed.value);
    };
    socket.onclose = (event) => {
      if (ws !== socket) return;
      ws = null;
      if (event.code === LobbyCloseCode.Replaced) {
        status.value = 'elsewhere';
        return finish(false);
      }
      // The ticket is gone (a server restart, too long away): ask again, as the same person.
      if (event.code === LobbyCloseCode.Unknown) return void knock();
      retryTimer = setTimeout(() => listen(ticket, attempt + 1), Math.min(5_000, 250 * 2 ** attempt));
    };
  }

  async function knock(): Promise<void> {
    if (!choice) return;
    status.value = 'knocking';
    try {
      const answer = await apiRequest('POST', `/api/meetings/${encodeURIComponent(meetingId)}/lobby`, KnockResponseSchema, {
        headers: accessHeaders,
        body: choice,
      });
      if (status.value !== 'knocking') return; // gave up meanwhile
      if (answer.state === 'admitted') {
        status.value = 'idle';
        return finish(true);
      }
      hostPresent.value = answer.hostPresent;
      removedBefore.value = answer.removedBefore;
      status.value = 'waiting';
      listen(answer);
    } catch (e) {
      const failure = e instanceof ApiClientError ? e : new ApiClientError(0, 'network', String(e));
      error.value = { code: failure.code, message: failure.message };
      status.value = 'idle';
      finish(false);
    }
  }

  return {
    /** Resolves true once the guest may join (at once, or when the host admits them). */
    enter(next: EnterChoice): Promise<boolean> {
      if (settle) return Promise.resolve(false);
      choice = next;
      error.value = null;
      declinedReason.value = null;
      return new Promise<boolean>((resolve) => {
        settle = resolve;
        void knock();
      });
    },
    /** Gives up waiting (back to the pre-join screen); the host's list drops them at once. */
    cancel() {
      closeSocket(LOBBY_CANCEL_REASON);
      status.value = 'idle';
      finish(false);
    },
    /** The page goes (reload, tab closed): the server keeps the place for a moment, and a knock from this browser takes it over. */
    dispose() {
      closeSocket();
      finish(false);
    },
  };
}

export type Knocker = ReturnType<typeof createKnocker>;
