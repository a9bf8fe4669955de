import { createApp } from './app';
import { createDialInService, type BridgeStarter } from './dialin/dial-in-service';
import { testConfig, type Config } from './config';
import { RoomHub } from './rooms/room-hub';
import { createMemoryStore } from './store/store';

/** A complete app on an in-memory store, for `app.request()` tests. */
export function createTestApp(overrides: Partial<Config> = {}, startBridge?: BridgeStarter) {
  const config = testConfig(overrides);
  const store = createMemoryStore();
  const hub = new RoomHub(config);
  const dialIn = createDialInService({ config, store, startBridge });
  const app = createApp({ config, store, hub, dialIn, clock: () => new Date('2026-11-25T10:00:00Z') });
  const json = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { app, store, hub, config, dialIn, json };
}
