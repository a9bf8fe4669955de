import type { Config } from './config';
import type { DialInService } from './dialin/dial-in-service';
import type { RoomHub } from './rooms/room-hub';
import type { Store } from './store/store';

/** Everything the app is built from; tests pass their own. */
export interface AppDeps {
  config: Config;
  store: Store;
  hub: RoomHub;
  clock: () => Date;
  /** Telephone dial-in; when absent the app makes one without a media bridge (API only). */
  dialIn?: DialInService;
}

export type AppDepsWithDialIn = AppDeps & { dialIn: DialInService };
