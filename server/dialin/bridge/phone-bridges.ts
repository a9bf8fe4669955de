import type { IceServer } from '../../../shared/api/participants.ts';
import type { RoomHub } from '../../rooms/room-hub.ts';
import type { JanusEndpoint } from '../../sfu/janus-supervisor.ts';
import type { BridgeService, BridgeStarter } from '../bridge-contract.ts';
import type { AudioEngine } from '../engine/audio-engine.ts';
import { createAudioPool } from '../engine/audio-pool.ts';
import { PhoneBridge, type PhoneBridgeOptions } from './phone-bridge.ts';

/**
 * The server's bridges for real calls: PhoneBridges on our own PeerServer, their audio
 * and WebRTC links in a pool of worker threads (or the engine given), started with the server
 * when `warm`, else with the first call.
 */
export function phoneBridges(deps: {
  hub: RoomHub;
  peer: () => PhoneBridgeOptions['peer'];
  iceServers: IceServer[];
  audio?: AudioEngine;
  sfu?: () => JanusEndpoint | null;
  /** Start the audio workers now (dial-in is configured), not with the first call. */
  warm?: boolean;
}): BridgeService {
  let audio = deps.audio ?? null;
  if (deps.warm) (audio ??= createAudioPool()).warm();
  const start: BridgeStarter = (call) =>
    PhoneBridge.start({
      ...call,
      hub: deps.hub,
      peer: deps.peer(),
      iceServers: deps.iceServers,
      audio: (audio ??= createAudioPool()),
      sfu: deps.sfu,
    });
  return { start, audioDropped: () => audio?.dropped() ?? 0 };
}
