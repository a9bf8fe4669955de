import { i18n, t, tParts } from '../i18n/i18n.ts';
import type { AuditEntry } from '../../../shared/api/admin.ts';
import { featureLabel } from '../account/feature-labels.ts';
import '../i18n/later-texts.ts';

const when = (iso: string) => i18n.formatDate(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' });

/** The latest audit lines, newest first: when, who, what, for whom. */
export function AuditLines({ entries }: { entries: AuditEntry[] | null }) {
  if (entries === null) return <p>{t('common.loading')}</p>;
  if (entries.length === 0) return <p class="muted">{t('admin.noChanges')}</p>;
  return (
    <ol class="audit-lines">
      {entries.map((e) => (
        <li
          key={e.id}
          class="audit-line"
          data-account-email={e.accountEmail}
          data-feature={e.change.feature}
          data-to={e.change.to ? 'on' : 'off'}
        >
          {tParts(e.change.to ? 'admin.auditOn' : 'admin.auditOff', {
            when: <time dateTime={e.at}>{when(e.at)}</time>,
            actor: <strong>{e.actor}</strong>,
            feature: featureLabel(e.change.feature),
            account: e.accountEmail,
          })}
        </li>
      ))}
    </ol>
  );
}
