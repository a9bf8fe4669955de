import { signal, type ReadonlySignal } from '@preact/signals';
import type { Knocker } from './lobby-knock.ts';
import type { EnterChoice, LobbyDeps, LobbyState, LobbyStatus } from './lobby-types.ts';

export type { EnterChoice, LobbyDeps, LobbyStatus } from './lobby-types.ts';

/**
 * A guest's way in: knock, and if the meeting has a waiting room, wait on the lobby socket
 * until the host answers. Admission hands over a participant identity, saved as this tab's
 * rejoin ticket, so the call's join that follows is a rejoin (and a reload stays admitted).
 */
export function createLobby(deps: LobbyDeps) {
  const state: LobbyState = {
    status: signal<LobbyStatus>('idle'),
    hostPresent: signal(false),
    removedBefore: signal(false),
    declinedReason: signal<'declined' | 'ended' | null>(null),
    error: signal<{ code: string; message: string } | null>(null),
  };
  /** The knock's code (lobby-knock.ts) loads with the first knock: a guest let straight in never needs it. */
  let knocker: Promise<Knocker> | null = null;
  let loaded: Knocker | null = null;
  let disposed = false;
  const load = () => (knocker ??= import('./lobby-knock.ts').then(({ createKnocker }) => (loaded = createKnocker(deps, state))));
  return {
    status: state.status as ReadonlySignal<LobbyStatus>,
    hostPresent: state.hostPresent as ReadonlySignal<boolean>,
    removedBefore: state.removedBefore as ReadonlySignal<boolean>,
    declinedReason: state.declinedReason as ReadonlySignal<'declined' | 'ended' | null>,
    error: state.error as ReadonlySignal<{ code: string; message: string } | null>,
    /** Loads the knock's code ahead (a guest who will face the waiting room). */
    preload() {
      void load().catch(() => undefined);
    },
    /** Resolves true once the guest may join (at once, or when the host admits them). */
    async enter(next: EnterChoice): Promise<boolean> {
      const made = await load();
      return disposed ? false : made.enter(next);
    },
    /** Gives up waiting (back to the pre-join screen); the host's list drops them at once. */
    cancel() {
      if (loaded) loaded.cancel();
      else void knocker?.then((made) => made.cancel());
    },
    /** The page goes (reload, tab closed): the server keeps the place for a moment, and a knock from this browser takes it over. */
    dispose() {
      disposed = true;
      if (loaded) loaded.dispose();
      else void knocker?.then((made) => made.dispose());
    },
  };
}

export type Lobby = ReturnType<typeof createLobby>;
