import { i18n, t } from '../i18n/i18n.ts';
import '../i18n/later-texts.ts';
import type { FailureReason } from './connection-verdict.ts';
import type { LinkReport } from './create-network-monitor.ts';
import type { QualityLevel } from './link-quality.ts';

/**
 * The network's words: the tiles' tooltips, the failure on a tile, the notices and their tips. Its
 * own chunk, loaded with the monitor or at the first failed connection (create-network-state.ts):
 * a guest's join does not carry them.
 */

const pct = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)} %`;

type DialIn = { number: string; pin: string } | undefined;

export function describeLink(quality: QualityLevel, r: Pick<LinkReport, 'rttMs' | 'loss' | 'jitterMs' | 'route'> | null): string {
  if (quality === 'unknown' || !r) return t('network.link.measuring');
  const parts = [t('network.link.quality', { quality: t(`network.level.${quality}`) })];
  if (r.rttMs !== null) parts.push(t('network.link.rtt', { ms: Math.round(r.rttMs) }));
  if (r.loss !== null) parts.push(t('network.link.loss', { percent: pct(r.loss) }));
  if (r.jitterMs !== null) parts.push(t('network.link.jitter', { ms: Math.round(r.jitterMs) }));
  if (r.route) parts.push(r.route === 'relay' ? t('network.link.relay') : t('network.link.direct'));
  return parts.join(' · ');
}

/** Our own connection, for our tile. */
export const describeOwn = (quality: QualityLevel) =>
  quality === 'unknown' ? t('network.own.measuring') : t('network.own.quality', { quality: t(`network.level.${quality}`) });

/** The quality in a word, for screen readers (the bars' label). */
export const qualityWord = (quality: Exclude<QualityLevel, 'unknown'>) => t(`network.quality.${quality}`);

const byPhone = (dialIn: DialIn) => (dialIn ? [t('trouble.network.phone', dialIn)] : []);

/** What someone can do about their own weak connection. */
export function ownTips(dialIn: DialIn): string[] {
  return [t('network.tip.cameraOff'), t('network.tip.closer'), t('network.tip.pause'), ...byPhone(dialIn)];
}

export function failureTips(dialIn: DialIn): string[] {
  return [t('network.tip.retry'), t('network.tip.otherNetwork'), t('network.tip.company'), ...byPhone(dialIn)];
}

export const names = (list: string[]) =>
  list.length <= 2
    ? new Intl.ListFormat(i18n.locale.value, { type: 'conjunction' }).format(list)
    : t('network.namesMore', { names: list.slice(0, 2).join(', '), count: list.length - 2 });

/** The sentence on the tile of the person we could not reach. */
export function failureText(name: string, reason: FailureReason = 'no-route'): string {
  return reason === 'dropped' ? t('network.lost', { name }) : t('network.couldNotConnect', { name, reason: t(`network.reason.${reason}`) });
}

export const noticeTitle = {
  failed: (who: string[]) => t('network.notice.failed', { names: names(who) }),
  cameraNotSending: () => t('network.notice.cameraNotSending'),
  cameraTips: () => [t('network.tip.otherCamera'), t('network.tip.turnOffCamera'), t('network.tip.onlyCamera')],
  audioOnly: () => t('network.notice.audioOnly'),
  ownPoor: () => t('network.notice.ownPoor'),
};

/** The words on the notice's button that turns the camera off. */
export const cameraOffLabel = () => t('network.cameraOff');

export type NetworkTexts = typeof import('./network-texts.ts');
