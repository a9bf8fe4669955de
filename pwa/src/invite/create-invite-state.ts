import { signal } from '@preact/signals';
import { InviteListSchema, InviteSchema, type CreateInviteBody, type InviteList } from '../../../shared/api/invites.ts';
import { apiRequest } from '../api/api-client.ts';

/** The host's invitations for one meeting: shared link, email invites, revoking. */
export function createInviteState(meetingId: string) {
  const list = signal<InviteList | null>(null);
  const error = signal<string | null>(null);
  const base = `/api/meetings/${encodeURIComponent(meetingId)}`;

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await work();
      error.value = null;
      return result;
    } catch (e) {
      error.value = (e as Error).message;
      return undefined;
    }
  }

  const patchInvite = (invite: InviteList['invites'][number]) => {
    if (!list.value) return;
    const others = list.value.invites.filter((i) => i.id !== invite.id);
    list.value = { ...list.value, invites: [...others, invite].sort((a, b) => a.createdAt.localeCompare(b.createdAt)) };
  };

  return {
    list,
    error,
    load: () => run(async () => void (list.value = await apiRequest('GET', `${base}/invites`, InviteListSchema))),
    /** Sends an invitation; throws with the server's message so the form can show it next to the fields. */
    async invite(body: CreateInviteBody) {
      const invite = await apiRequest('POST', `${base}/invites`, InviteSchema, { body });
      patchInvite(invite);
      return invite;
    },
    resend: (id: string) => run(async () => patchInvite(await apiRequest('POST', `${base}/invites/${id}/resend`, InviteSchema))),
    revoke: (id: string) =>
      run(async () => {
        await apiRequest('DELETE', `${base}/invites/${id}`);
        const invite = list.value?.invites.find((i) => i.id === id);
        if (invite) patchInvite({ ...invite, state: 'revoked' });
      }),
    newLink: () => run(async () => void (list.value = await apiRequest('POST', `${base}/link`, InviteListSchema))),
  };
}

export type InviteState = ReturnType<typeof createInviteState>;

/** Copies text, with a fallback for browsers without the async clipboard (or without permission). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = Object.assign(document.createElement('textarea'), { value: text });
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
