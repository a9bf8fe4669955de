import { i18n, t } from '../i18n/i18n.ts';
import { useEffect, useState } from 'preact/hooks';
import type { AdminAccount } from '../../../shared/api/admin.ts';
import { FEATURES, featureLabel } from '../account/feature-labels.ts';
import { AuditLines } from './AuditLines.tsx';
import { createAdminState, type AdminState } from './create-admin-state.ts';
import { FeatureSwitch } from './FeatureSwitch.tsx';
import { ServerApiKeys } from '../integrations/ServerApiKeys.tsx';
import './admin.css';
import '../i18n/later-texts.ts';

const day = (iso: string) => i18n.formatDate(new Date(iso), { dateStyle: 'medium' });

/** Operators: every account with a switch per add-on and beta, search, pages, and the latest changes. */
export function AdminPage() {
  const [state] = useState(() => createAdminState());
  useEffect(() => void state.load(), []);
  const list = state.list.value;

  return (
    <main class="page admin">
      <p>
        <a href="/">← {t('meetings.yours')}</a>
      </p>
      <h1>{t('admin.title')}</h1>
      <section class="card" aria-labelledby="admin-accounts">
        <h2 id="admin-accounts">{t('admin.accounts')}</h2>
        <search>
          <form
            class="admin-search"
            onSubmit={(e) => {
              e.preventDefault();
              void state.find(String(new FormData(e.currentTarget).get('search') ?? ''));
            }}
          >
            <label for="admin-search-input">{t('admin.searchLabel')}</label>
            <input id="admin-search-input" name="search" type="search" autocomplete="off" defaultValue={state.search.value} />
            <button type="submit" class="button">
              {t('admin.search')}
            </button>
          </form>
        </search>
        {state.error.value && (
          <p class="form-error" role="alert">
            {state.error.value}
          </p>
        )}
        <p class="visually-hidden" role="status">
          {state.status.value}
        </p>
        {list === null ? (
          <p>{t('common.loading')}</p>
        ) : list.accounts.length === 0 ? (
          <p class="muted">{state.search.value ? t('admin.noMatch', { search: state.search.value }) : t('admin.noAccounts')}</p>
        ) : (
          <AccountsTable accounts={list.accounts} state={state} />
        )}
        {list && list.total > 0 && <Pager state={state} />}
      </section>
      <section class="card" aria-labelledby="admin-audit">
        <h2 id="admin-audit">{t('admin.recent')}</h2>
        <AuditLines entries={state.audit.value} />
      </section>
      <ServerApiKeys />
    </main>
  );
}

function AccountsTable({ accounts, state }: { accounts: AdminAccount[]; state: AdminState }) {
  return (
    <div class="admin-table-wrap">
      <table class="admin-table">
        <caption class="visually-hidden">{t('admin.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('auth.email')}</th>
            <th scope="col">{t('admin.created')}</th>
            {FEATURES.map((f) => (
              <th scope="col" key={f}>
                {featureLabel(f)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id} data-account-email={a.email}>
              <th scope="row">
                {a.name}
                {a.operator && <span class="badge badge--operator">{t('admin.operator')}</span>}
              </th>
              <td>{a.email}</td>
              <td>
                <time dateTime={a.createdAt}>{day(a.createdAt)}</time>
              </td>
              {FEATURES.map((f) => (
                <td key={f}>
                  <FeatureSwitch
                    on={a.features[f]}
                    busy={state.isPending(a, f)}
                    feature={f}
                    label={t('admin.switchLabel', { feature: featureLabel(f), name: a.name, email: a.email })}
                    onToggle={(on) => void state.setFeature(a, f, on)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Pager({ state }: { state: AdminState }) {
  const list = state.list.value!;
  const first = list.offset + 1;
  const last = list.offset + list.accounts.length;
  return (
    <nav class="pager" aria-label={t('admin.pages')}>
      <button type="button" class="button button--small" disabled={!state.hasPrevious.value} onClick={() => void state.turnPage(-1)}>
        {t('admin.previous')}
      </button>
      <span data-testid="admin-range">
        {list.accounts.length ? t('admin.range', { first, last, total: list.total }) : t('admin.noneHere', { total: list.total })}
      </span>
      <button type="button" class="button button--small" disabled={!state.hasNext.value} onClick={() => void state.turnPage(1)}>
        {t('admin.next')}
      </button>
    </nav>
  );
}
