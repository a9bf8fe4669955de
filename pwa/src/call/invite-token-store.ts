/** Keeps the guest's invite token for this tab, so a reload (and the URL without it) still works. */
const key = (meetingId: string) => `invite:${meetingId}`;

export function rememberInviteToken(meetingId: string, fromUrl: string | null, storage: Storage = sessionStorage): string | null {
  try {
    if (fromUrl) {
      storage.setItem(key(meetingId), fromUrl);
      return fromUrl;
    }
    return storage.getItem(key(meetingId));
  } catch {
    return fromUrl;
  }
}
