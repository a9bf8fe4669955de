import { t } from '../i18n/i18n.ts';
import { computed, signal } from '@preact/signals';
import {
  AccountListSchema,
  ADMIN_PAGE_DEFAULT,
  AuditListSchema,
  SetFeaturesResponseSchema,
  type AccountList,
  type AdminAccount,
  type AuditEntry,
} from '../../../shared/api/admin.ts';
import type { FeatureName } from '../../../shared/api/auth.ts';
import { featureLabel } from '../account/feature-labels.ts';
import { apiRequest } from '../api/api-client.ts';
import '../i18n/later-texts.ts';

export const RECENT_AUDIT_LINES = 10;

/**
 * The operator page's state: a page of accounts (searched, paged), the switches being changed,
 * and the latest audit lines. `request` is the API client (tests give a fake).
 */
export function createAdminState({
  request = apiRequest,
  pageSize = ADMIN_PAGE_DEFAULT,
}: {
  request?: typeof apiRequest;
  pageSize?: number;
} = {}) {
  const list = signal<AccountList | null>(null);
  const audit = signal<AuditEntry[] | null>(null);
  const search = signal('');
  const error = signal<string | null>(null);
  /** `<account id>:<feature>` while its switch is being changed. */
  const pending = signal<ReadonlySet<string>>(new Set());
  /** The last thing done, for a polite live region. */
  const status = signal('');

  const offset = computed(() => list.value?.offset ?? 0);
  const hasPrevious = computed(() => offset.value > 0);
  const hasNext = computed(() => (list.value ? list.value.offset + list.value.accounts.length < list.value.total : false));

  const fail = (what: string) => (e: unknown) => void (error.value = `${what}: ${(e as Error).message}`);

  async function loadAccounts(at: number) {
    const query = new URLSearchParams({ offset: String(at), limit: String(pageSize) });
    if (search.value) query.set('search', search.value);
    list.value = await request('GET', `/api/admin/accounts?${query}`, AccountListSchema);
  }

  async function loadAudit() {
    audit.value = (await request('GET', `/api/admin/audit?limit=${RECENT_AUDIT_LINES}`, AuditListSchema)).entries;
  }

  const setPending = (key: string, on: boolean) => {
    const next = new Set(pending.value);
    if (on) next.add(key);
    else next.delete(key);
    pending.value = next;
  };

  return {
    list,
    audit,
    search,
    error,
    pending,
    status,
    hasPrevious,
    hasNext,
    isPending: (account: AdminAccount, feature: FeatureName) => pending.value.has(`${account.id}:${feature}`),
    async load() {
      error.value = null;
      await Promise.all([loadAccounts(0), loadAudit()]).catch(fail(t('admin.loadFailed')));
    },
    async find(text: string) {
      search.value = text.trim();
      error.value = null;
      await loadAccounts(0).catch(fail(t('admin.searchFailed')));
    },
    async turnPage(direction: 1 | -1) {
      error.value = null;
      await loadAccounts(Math.max(0, offset.value + direction * pageSize)).catch(fail(t('admin.pageFailed')));
    },
    async setFeature(account: AdminAccount, feature: FeatureName, on: boolean) {
      const key = `${account.id}:${feature}`;
      if (pending.value.has(key)) return;
      setPending(key, true);
      error.value = null;
      try {
        const result = await request('PATCH', `/api/admin/accounts/${encodeURIComponent(account.id)}/features`, SetFeaturesResponseSchema, {
          body: { [feature]: on },
        });
        const current = list.value;
        if (current) list.value = { ...current, accounts: current.accounts.map((a) => (a.id === account.id ? result.account : a)) };
        status.value = t(on ? 'admin.turnedOn' : 'admin.turnedOff', { feature: featureLabel(feature), name: account.name });
        await loadAudit().catch(fail(t('admin.auditFailed')));
      } catch (e) {
        fail(t('admin.switchFailed', { feature: featureLabel(feature), name: account.name }))(e);
      } finally {
        setPending(key, false);
      }
    },
  };
}

export type AdminState = ReturnType<typeof createAdminState>;
