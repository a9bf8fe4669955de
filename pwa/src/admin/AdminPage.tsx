import { useEffect, useState } from 'preact/hooks';
import type { AdminAccount } from '../../../shared/api/admin.ts';
import { FEATURE_LABELS } from '../account/feature-labels.ts';
import { AuditLines } from './AuditLines.tsx';
import { createAdminState, type AdminState } from './create-admin-state.ts';
import { FeatureSwitch } from './FeatureSwitch.tsx';
import './admin.css';

const day = (iso: string) => new Date(iso).toLocaleDateString([], { dateStyle: 'medium' });

/** Operators: every account with a switch per add-on and beta, search, pages, and the latest changes. */
export function AdminPage() {
  const [state] = useState(() => createAdminState());
  useEffect(() => void state.load(), []);
  const list = state.list.value;

  return (
    <main class="page admin">
      <p>
        <a href="/">← Your meetings</a>
      </p>
      <h1>Operator page</h1>
      <section class="card" aria-labelledby="admin-accounts">
        <h2 id="admin-accounts">Accounts</h2>
        <search>
          <form
            class="admin-search"
            onSubmit={(e) => {
              e.preventDefault();
              void state.find(String(new FormData(e.currentTarget).get('search') ?? ''));
            }}
          >
            <label for="admin-search-input">Search by email or name</label>
            <input id="admin-search-input" name="search" type="search" autocomplete="off" defaultValue={state.search.value} />
            <button type="submit" class="button">
              Search
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
          <p>Loading…</p>
        ) : list.accounts.length === 0 ? (
          <p class="muted">{state.search.value ? `No account matches "${state.search.value}".` : 'No accounts yet.'}</p>
        ) : (
          <AccountsTable accounts={list.accounts} state={state} />
        )}
        {list && list.total > 0 && <Pager state={state} />}
      </section>
      <section class="card" aria-labelledby="admin-audit">
        <h2 id="admin-audit">Recent changes</h2>
        <AuditLines entries={state.audit.value} />
      </section>
    </main>
  );
}

function AccountsTable({ accounts, state }: { accounts: AdminAccount[]; state: AdminState }) {
  return (
    <div class="admin-table-wrap">
      <table class="admin-table">
        <caption class="visually-hidden">Accounts with their add-ons and betas</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Created</th>
            {FEATURE_LABELS.map((f) => (
              <th scope="col" key={f.key}>
                {f.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id} data-account-email={a.email}>
              <th scope="row">
                {a.name}
                {a.operator && <span class="badge badge--operator">operator</span>}
              </th>
              <td>{a.email}</td>
              <td>
                <time dateTime={a.createdAt}>{day(a.createdAt)}</time>
              </td>
              {FEATURE_LABELS.map((f) => (
                <td key={f.key}>
                  <FeatureSwitch
                    on={a.features[f.key]}
                    busy={state.isPending(a, f.key)}
                    feature={f.key}
                    label={`${f.label} for ${a.name} (${a.email})`}
                    onToggle={(on) => void state.setFeature(a, f.key, on)}
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
    <nav class="pager" aria-label="Pages of accounts">
      <button type="button" class="button button--small" disabled={!state.hasPrevious.value} onClick={() => void state.turnPage(-1)}>
        Previous
      </button>
      <span data-testid="admin-range">{list.accounts.length ? `${first}–${last} of ${list.total}` : `none of ${list.total} here`}</span>
      <button type="button" class="button button--small" disabled={!state.hasNext.value} onClick={() => void state.turnPage(1)}>
        Next
      </button>
    </nav>
  );
}
