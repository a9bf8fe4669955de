import type { AuditEntry } from '../../../shared/api/admin.ts';
import { featureLabel } from '../account/feature-labels.ts';

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/** The latest audit lines, newest first: when, who, what, for whom. */
export function AuditLines({ entries }: { entries: AuditEntry[] | null }) {
  if (entries === null) return <p>Loading…</p>;
  if (entries.length === 0) return <p class="muted">No changes yet.</p>;
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
          <time dateTime={e.at}>{when(e.at)}</time> <strong>{e.actor}</strong> turned {featureLabel(e.change.feature)}{' '}
          <strong>{e.change.to ? 'on' : 'off'}</strong> for {e.accountEmail}
        </li>
      ))}
    </ol>
  );
}
