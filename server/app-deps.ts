import path from 'node:path';
import { createDrainState, type DrainState } from './cluster/drain.ts';
import { createAccountFeatures, type AccountFeaturesService } from './admin/account-features.ts';
import { createApiKeyService, type ApiKeyService } from './api-keys/api-key-service.ts';
import { createRoomBot, type RoomBot } from './bot/room-bot.ts';
import { createChatService, type ChatService } from './chat/chat-service.ts';
import type { Config } from './config.ts';
import { createDialInService, type DialInService } from './dialin/dial-in-service.ts';
import type { BridgeService } from './dialin/bridge-contract.ts';
import { createPinGuard, type PinGuard } from './dialin/pin-guard.ts';
import { createLimitBook, type LimitBook } from './limits/limit-book.ts';
import { createFileStore, type FileStore } from './files/file-store.ts';
import { createHostControls, type HostControls } from './host-controls/host-controls.ts';
import { createInviteService, type InviteService } from './invites/invite-service.ts';
import type { Mailer } from './mail/mailer.ts';
import { createRecordingFiles, type RecordingFiles } from './recording/recording-files.ts';
import { createRecordingService, type RecordingService } from './recording/recording-service.ts';
import { createParticipantTokens } from './rooms/participant-tokens.ts';
import { RoomHub } from './rooms/room-hub.ts';
import { createReservations, type Reservations } from './rooms/reservations.ts';
import { createRoomCapacity, type RoomCapacity } from './rooms/room-capacity.ts';
import { createMediaModes, type MediaModes } from './sfu/media-modes.ts';
import { effectiveRoomMax } from './sfu/sfu-config.ts';
import { createSfuService, type SfuService } from './sfu/sfu-service.ts';
import type { Storage } from './storage/repositories.ts';
import { createCensus, type Census } from './health/memory-census.ts';
import { type LoopDelayWatch, watchEventLoopDelay } from './health/event-loop-delay.ts';
import type { MemorySweep } from './health/memory-sweeps.ts';
import { emitWebhookEvents } from './webhooks/webhook-events.ts';
import { createWebhookService, type WebhookService } from './webhooks/webhook-service.ts';
import { timeStorageWrites, type WriteGate, type WriteStats } from './health/write-timing.ts';

/** Everything the app is built from; tests pass their own. */
export interface AppDeps {
  config: Config;
  /** Everything that lasts: accounts, sessions, meetings, invitations, recordings, chat, rate counters. */
  storage: Storage;
  hub: RoomHub;
  /** Places held for pre-join pages, whose sockets open before Join is pressed (rooms/reservations.ts). */
  reservations: Reservations;
  clock: () => Date;
  mailer: Mailer;
  chat: ChatService;
  bot: RoomBot;
  files: FileStore;
  /** A meeting's shared link and personal email invitations. */
  invites: InviteService;
  /** Telephone dial-in: PINs, webhooks' state, calls in progress. */
  dialIn: DialInService;
  /** The recording add-on: running recordings and finished files. */
  recordings: RecordingService;
  recordingFiles: RecordingFiles;
  /** Waiting room, lock, end for everyone, mute and remove (issue 14). */
  hostControls: HostControls;
  /** Every rate limit's counters (limits/limits.ts). */
  limits: LimitBook;
  /** Limits on guessing dial-in PINs. */
  pinGuard: PinGuard;
  /** Accounts' add-ons and betas, as operators switch them (with the audit log). */
  accountFeatures: AccountFeaturesService;
  /** Keys for the public API (`/api/v1`): made, listed, revoked, checked. */
  apiKeys: ApiKeyService;
  /** Webhook endpoints and the delivery queue; its worker is started by createBackend. */
  webhooks: WebhookService;
  /** Every storage write timed (health/write-timing.ts): `/api/health` and `/metrics`. */
  writes: WriteStats;
  /** The main thread's stalls for `/metrics` (health/event-loop-delay.ts); null without METRICS_TOKEN (nobody reads them). */
  loopDelay: LoopDelayWatch | null;
  /** Holds storage writes for the instant of a backup's snapshot (backup/snapshot.ts). */
  writeGate: WriteGate;
  /** The size of every in-memory collection (health/memory-census.ts). */
  census: Census;
  /** What forgets in-memory state nobody closed (run on a timer by createBackend). */
  memorySweeps: Record<string, MemorySweep>;
  /** Whether this node is being drained (SIGTERM in a cluster): `/api/health` answers 503 then. */
  drain: DrainState;
  /** Janus (SFU=janus): started by createBackend, off otherwise. */
  sfu: SfuService;
  /** Each meeting's media mode: mesh up to MESH_MAX, then the SFU. */
  mediaModes: MediaModes;
  /** ROOM_MAX, checked on join, knock and admit. */
  capacity: RoomCapacity;
}

export interface DepsParts {
  config: Config;
  storage: Storage;
  mailer: Mailer;
  clock?: () => Date;
  /** Starts the phone↔room media bridge for a call (needs the hub); absent: dial-in answers but bridges nothing. */
  bridge?: (hub: RoomHub, sfu: SfuService) => BridgeService;
}

/** Builds the in-process services (hub, chat, bot, file store) around the storage and mailer given. */
export function assembleDeps({ config, storage: untimed, mailer, clock = () => new Date(), bridge }: DepsParts): AppDeps {
  const { storage, writes, gate: writeGate } = timeStorageWrites(untimed, clock);
  const hub = new RoomHub({ ...config, tokens: createParticipantTokens(config.clusterSecret) });
  const sfu = createSfuService({
    settings: config.sfu,
    maxPublishers: effectiveRoomMax(config.sfu, true),
    recordingsDir: path.join(config.dataDir, 'recordings'),
  });
  const mediaModes = createMediaModes({
    hub,
    sfu,
    meshMax: config.sfu.meshMax,
    pinOf: async (meetingId) => (await storage.meetings.byId(meetingId))?.mediaMode ?? 'auto',
  });
  const capacity = createRoomCapacity(hub, () => effectiveRoomMax(config.sfu, sfu.available()));
  const chat = createChatService(storage.chat, hub, clock);
  const bot = createRoomBot(chat, { now: clock });
  // A room that empties (everyone left, or the meeting ended) takes its per-meeting state with it.
  hub.onEmptied((meetingId) => bot.forgetMeeting(meetingId));
  const bridges = bridge?.(hub, sfu);
  const dialIn = createDialInService({
    config,
    meetings: storage.meetings,
    startBridge: bridges?.start,
    audioDropped: bridges?.audioDropped,
    now: () => clock().getTime(),
  });
  dialIn.subscribe((event) => {
    if (event.type === 'caller-joined') void bot.guestDialledIn(event.meetingId, event.displayName).catch(() => undefined);
  });
  const recordingFiles = createRecordingFiles(config.dataDir);
  const recordings = createRecordingService({
    recordings: storage.recordings,
    hub,
    chat,
    files: recordingFiles,
    config,
    clock,
    server:
      config.sfu.mode === 'janus'
        ? { sfu, modeOf: (meetingId) => mediaModes.modeOf(meetingId), onSwitched: (listener) => mediaModes.onSwitched(listener) }
        : undefined,
  });
  const limits = createLimitBook({ counters: storage.rateCounters, now: () => clock().getTime() });
  const hostControls = createHostControls({ storage, hub, bot, dialIn, recordings, clock, config, capacity });
  const accountFeatures = createAccountFeatures({ users: storage.users, clock, config });
  const invites = createInviteService({ storage, clock, mailer, dialIn });
  const webhooks = createWebhookService({ storage, settings: config.webhooks });
  emitWebhookEvents({ storage, hub, hostControls, invites, recordings, chat }, webhooks);
  const census = createCensus();
  const reservations = createReservations();
  census.add(() => hub.sizes());
  census.add(() => ({ reservations: reservations.size() }));
  census.add(() => hostControls.sizes());
  census.add(() => bot.sizes());
  census.add(() => dialIn.sizes());
  census.add(() => recordings.sizes());
  census.add(() => ({ rateWindows: storage.rateCounters.size?.() ?? 0, ...storage.memorySizes?.() }));
  return {
    config,
    storage,
    hub,
    reservations,
    clock,
    mailer,
    chat,
    bot,
    files: createFileStore(config.dataDir),
    invites,
    dialIn,
    recordings,
    recordingFiles,
    hostControls,
    limits,
    pinGuard: createPinGuard(limits, { now: () => clock().getTime() }),
    accountFeatures,
    apiKeys: createApiKeyService({ storage, clock }),
    webhooks,
    writes,
    loopDelay: config.metricsToken ? watchEventLoopDelay() : null,
    writeGate,
    census,
    drain: createDrainState(),
    sfu,
    mediaModes,
    capacity,
    memorySweeps: { checkNames: () => bot.sweep(), hostControls: () => hostControls.sweep(), callTickets: () => dialIn.sweep() },
  };
}
