import { createRoomBot, type RoomBot } from './bot/room-bot';
import { createChatService, type ChatService } from './chat/chat-service';
import type { Config } from './config';
import { createFileStore, type FileStore } from './files/file-store';
import type { Mailer } from './mail/mailer';
import { RoomHub } from './rooms/room-hub';
import type { ChatLog } from './store/chat-log';
import type { Store } from './store/store';

/** Everything the app is built from; tests pass their own. */
export interface AppDeps {
  config: Config;
  store: Store;
  chatLog: ChatLog;
  hub: RoomHub;
  clock: () => Date;
  mailer: Mailer;
  chat: ChatService;
  bot: RoomBot;
  files: FileStore;
}

export interface DepsParts {
  config: Config;
  store: Store;
  chatLog: ChatLog;
  mailer: Mailer;
  clock?: () => Date;
}

/** Builds the in-process services (hub, chat, bot, file store) around the storage and mailer given. */
export function assembleDeps({ config, store, chatLog, mailer, clock = () => new Date() }: DepsParts): AppDeps {
  const hub = new RoomHub(config);
  const chat = createChatService(chatLog, hub, clock);
  return { config, store, chatLog, hub, clock, mailer, chat, bot: createRoomBot(chat), files: createFileStore(config.dataDir) };
}
