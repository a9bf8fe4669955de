import { createHmac } from 'node:crypto';
import { connectJanus, createSession, JanusError, type JanusConnection, type JanusHandle } from './janus-client.ts';
import type { JanusEndpoint } from './janus-supervisor.ts';
import { screenFeedId } from '../../shared/sfu/sfu-proxy.ts';

export const VIDEOROOM = 'janus.plugin.videoroom';
/** VideoRoom error codes we act on. */
const NO_SUCH_ROOM = 426;
const ROOM_EXISTS = 427;
const NO_SUCH_FEED = 428;

/**
 * A room's secret, derived from the admin key and the meeting: the same after our server restarts
 * (or on another node using this Janus), so a room outlives us without becoming unmanageable.
 */
export const roomSecret = (roomAdminKey: string, meetingId: string) =>
  createHmac('sha256', roomAdminKey).update(`room-secret:${meetingId}`).digest('base64url');

export interface SfuRoomsOptions {
  endpoint: JanusEndpoint;
  /** Most publishers in one room (ROOM_MAX). */
  maxPublishers: number;
  timeoutMs?: number;
}

/**
 * The meetings' VideoRooms on one Janus, owned by our server: created on demand with a secret
 * only this object knows (and the plugin's admin_key), destroyed when the meeting empties or ends,
 * a removed participant's feeds kicked. Room ids are meeting ids (`string_ids`), feed ids are
 * participant ids (and `<participantId>~screen` for a shared screen) (the proxy, sfu-proxy.ts, makes every join use the participant's own).
 */
export interface SfuRooms {
  /** Creates the meeting's room unless it exists; its id. */
  ensure(meetingId: string): Promise<string>;
  has(meetingId: string): boolean;
  /** Destroys the meeting's room (every handle in it is told and left). */
  destroy(meetingId: string): Promise<void>;
  /** Kicks a participant's published feeds (camera, screen) out of the meeting's room. */
  kick(meetingId: string, participantId: string): Promise<void>;
  /** Feed ids publishing in the meeting's room now. */
  publishers(meetingId: string): Promise<string[]>;
  /**
   * Has Janus record every feed of the meeting's room (each stream a `.mjr` file in `dir`, feeds
   * joining later too), or stop recording (null): the files are closed when this answers.
   */
  record(meetingId: string, dir: string | null): Promise<void>;
  /** Janus started again: its rooms are gone, they are created again when asked. */
  forgetAll(): void;
  close(): void;
}

export function createSfuRooms({ endpoint, maxPublishers, timeoutMs = 10_000 }: SfuRoomsOptions): SfuRooms {
  /** Rooms we created (or found) on this Janus. */
  const known = new Set<string>();
  const creating = new Map<string, Promise<string>>();
  let control: Promise<{ connection: JanusConnection; handle: JanusHandle }> | null = null;

  /** One connection, session and handle for all our room requests, made again if it dropped. */
  const controlHandle = async (): Promise<JanusHandle> => {
    if (control) {
      const current = await control.catch(() => null);
      if (current && !current.connection.closed) return current.handle;
    }
    control = (async () => {
      const connection = await connectJanus({ url: endpoint.wsUrl, secret: endpoint.apiSecret, timeoutMs });
      const session = await createSession(connection);
      return { connection, handle: await session.attach(VIDEOROOM) };
    })();
    return (await control).handle;
  };

  const create = async (meetingId: string): Promise<string> => {
    const handle = await controlHandle();
    const secret = roomSecret(endpoint.roomAdminKey, meetingId);
    try {
      await handle.request({
        request: 'create',
        room: meetingId,
        admin_key: endpoint.roomAdminKey,
        secret,
        description: `meeting ${meetingId}`,
        is_private: true,
        // One more than the headcount: a participant's shared screen is a second publisher (one share at a time).
        publishers: maxPublishers + 1,
        audiocodec: 'opus',
        videocodec: 'vp8',
        audiolevel_event: true,
        notify_joining: true,
        // Recording is switched by our server only (with the secret), never by a page's configure.
        lock_record: true,
        permanent: false,
      });
    } catch (error) {
      // Created before our server restarted (Janus did not): same id, same secret, ours.
      if (!(error instanceof JanusError && error.code === ROOM_EXISTS)) throw error;
    }
    known.add(meetingId);
    return meetingId;
  };

  return {
    has: (meetingId) => known.has(meetingId),
    ensure(meetingId) {
      if (known.has(meetingId)) return Promise.resolve(meetingId);
      let pending = creating.get(meetingId);
      if (!pending) {
        pending = create(meetingId).finally(() => creating.delete(meetingId));
        creating.set(meetingId, pending);
      }
      return pending;
    },
    async destroy(meetingId) {
      await creating.get(meetingId)?.catch(() => undefined);
      if (!known.delete(meetingId)) return;
      try {
        await (await controlHandle()).request({
          request: 'destroy',
          room: meetingId,
          secret: roomSecret(endpoint.roomAdminKey, meetingId),
        });
      } catch (error) {
        if (!(error instanceof JanusError && error.code === NO_SUCH_ROOM)) throw error;
      }
    },
    async kick(meetingId, participantId) {
      if (!known.has(meetingId)) return;
      const secret = roomSecret(endpoint.roomAdminKey, meetingId);
      const handle = await controlHandle();
      // Their camera feed and their screen feed, whichever they publish.
      for (const id of [participantId, screenFeedId(participantId)]) {
        try {
          await handle.request({ request: 'kick', room: meetingId, secret, id });
        } catch (error) {
          if (!(error instanceof JanusError && (error.code === NO_SUCH_FEED || error.code === NO_SUCH_ROOM))) throw error;
        }
      }
    },
    async publishers(meetingId) {
      const data = await (await controlHandle()).request({ request: 'listparticipants', room: meetingId });
      const list = (data.participants as Array<{ id: string; publisher?: boolean }> | undefined) ?? [];
      return list.filter((p) => p.publisher).map((p) => String(p.id));
    },
    async record(meetingId, dir) {
      const handle = await controlHandle();
      const secret = roomSecret(endpoint.roomAdminKey, meetingId);
      if (dir) await handle.request({ request: 'edit', room: meetingId, secret, new_rec_dir: dir });
      await handle.request({ request: 'enable_recording', room: meetingId, secret, record: dir !== null });
    },
    forgetAll() {
      known.clear();
      control = null;
    },
    close() {
      void control?.then(
        ({ connection }) => connection.close(),
        () => undefined,
      );
      control = null;
    },
  };
}
