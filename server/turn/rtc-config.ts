import type { RtcConfig } from '../../shared/api/rtc.ts';
import type { Config } from '../config.ts';
import { turnCredential } from './turn-credentials.ts';

/**
 * The ICE configuration for one participant (or one pre-join check): the static
 * ICE_SERVERS, then TURN_URLS with credentials minted for `subject` now.
 */
export function rtcConfigFor(config: Pick<Config, 'iceServers' | 'turn' | 'iceTransportPolicy'>, subject: string, now: Date): RtcConfig {
  const { turn } = config;
  const iceServers: RtcConfig['iceServers'] = [...config.iceServers];
  if (turn?.stunUrls.length) iceServers.push({ urls: turn.stunUrls });
  if (!turn?.urls.length) return { iceServers, iceTransportPolicy: config.iceTransportPolicy };
  const { username, credential, expiresAt } = turnCredential(turn.secret, subject, turn.ttlSeconds, now);
  iceServers.push({ urls: turn.urls, username, credential });
  return { iceServers, iceTransportPolicy: config.iceTransportPolicy, expiresAt };
}
