import type { Config } from './config';
import type { Mailer } from './mail/mailer';
import type { RoomHub } from './rooms/room-hub';
import type { Store } from './store/store';

/** Everything the app is built from; tests pass their own. */
export interface AppDeps {
  config: Config;
  store: Store;
  hub: RoomHub;
  clock: () => Date;
  mailer: Mailer;
}
