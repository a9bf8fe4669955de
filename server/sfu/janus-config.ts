import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What a Janus we start ourselves is told (janus-supervisor.ts writes it into a folder of its own). */
export interface JanusConfigOptions {
  /** Folder holding janus.jcfg and the two other files; created if missing. */
  dir: string;
  /** Port of the WebSocket API, on 127.0.0.1 only (our server is its only client). */
  wsPort: number;
  /** Port of the admin API (WebSocket), on 127.0.0.1 only. */
  adminPort: number;
  /** Every Janus API request must carry it (`apisecret`): only our server and its proxy know it. */
  apiSecret: string;
  /** Admin API secret. */
  adminSecret: string;
  /** The VideoRoom plugin's `admin_key`: creating a room needs it (our server only). */
  roomAdminKey: string;
  /** UDP ports for media, e.g. "20000-20999". */
  rtpPortRange: string;
  /** Only these interfaces or addresses for ICE (e.g. "127.0.0.1" in tests); null: every interface. */
  iceEnforceList: string | null;
  /** Public address of a Janus behind a 1:1 NAT; null: none. */
  nat1to1: string | null;
  /** Janus's own library folder (plugins, transports), e.g. /usr/lib/x86_64-linux-gnu/janus. */
  libDir: string;
  /** Where our server has Janus write its recordings (DATA_DIR/recordings): never a protected folder. */
  recordingsDir?: string | null;
}

const PROTECTED_FOLDERS = ['/bin', '/boot', '/dev', '/etc', '/lib', '/proc', '/sbin', '/sys', '/usr', '/var'];

/** Janus refuses to record into its protected folders: those holding our recordings folder are left out (DATA_DIR under /var/lib). */
export const protectedFolders = (recordingsDir: string | null | undefined): string[] =>
  PROTECTED_FOLDERS.filter((folder) => !recordingsDir || !`${path.resolve(recordingsDir)}/`.startsWith(`${folder}/`));

/** The plugins and transports Debian ships; everything but VideoRoom and WebSockets is switched off. */
const OTHER_PLUGINS = [
  'audiobridge',
  'duktape',
  'echotest',
  'lua',
  'nosip',
  'recordplay',
  'sip',
  'streaming',
  'textroom',
  'videocall',
  'voicemail',
];
const OTHER_TRANSPORTS = ['http', 'mqtt', 'nanomsg', 'pfunix', 'rabbitmq'];
const so = (names: string[]) => names.map((name) => `libjanus_${name}.so`).join(',');

/** A jcfg string literal (libconfig syntax). */
const str = (value: string) => JSON.stringify(value);

export function janusCoreConfig(o: JanusConfigOptions): string {
  return `# Written by server/sfu/janus-config.ts: a Janus for this server only.
general: {
  configs_folder = ${str(o.dir)}
  plugins_folder = ${str(path.join(o.libDir, 'plugins'))}
  transports_folder = ${str(path.join(o.libDir, 'transports'))}
  events_folder = ${str(path.join(o.libDir, 'events'))}
  loggers_folder = ${str(path.join(o.libDir, 'loggers'))}
  debug_level = 3
  server_name = "meeting-room-sfu"
  session_timeout = 60
  api_secret = ${str(o.apiSecret)}
  admin_secret = ${str(o.adminSecret)}
  protected_folders = ${JSON.stringify(protectedFolders(o.recordingsDir))}
}
certificates: {
}
media: {
  rtp_port_range = ${str(o.rtpPortRange)}
}
nat: {
  nice_debug = false
${o.iceEnforceList ? `  ice_enforce_list = ${str(o.iceEnforceList)}\n` : ''}${o.nat1to1 ? `  nat_1_1_mapping = ${str(o.nat1to1)}\n` : ''}}
plugins: {
  disable = ${str(so(OTHER_PLUGINS))}
}
transports: {
  disable = ${str(so(OTHER_TRANSPORTS))}
}
loggers: {
  disable = "libjanus_jsonlog.so"
}
events: {
}
`;
}

export function janusWebSocketsConfig(o: Pick<JanusConfigOptions, 'wsPort' | 'adminPort'>): string {
  return `# Written by server/sfu/janus-config.ts: both APIs on loopback only.
general: {
  json = "plain"
  ws = true
  ws_port = ${o.wsPort}
  ws_ip = "127.0.0.1"
  ws_acl = "127."
  wss = false
}
admin: {
  admin_ws = true
  admin_ws_port = ${o.adminPort}
  admin_ws_ip = "127.0.0.1"
  admin_ws_acl = "127."
  admin_wss = false
}
cors: {
}
certificates: {
}
`;
}

export function janusVideoRoomConfig(o: Pick<JanusConfigOptions, 'roomAdminKey'>): string {
  return `# Written by server/sfu/janus-config.ts: no static rooms; only our server creates rooms (admin_key).
general: {
  admin_key = ${str(o.roomAdminKey)}
  lock_rtp_forward = true
  string_ids = true
}
`;
}

/** Writes the three files into `o.dir`; returns the path of janus.jcfg. */
export async function writeJanusConfig(o: JanusConfigOptions): Promise<string> {
  await mkdir(o.dir, { recursive: true, mode: 0o700 });
  const file = (name: string, text: string) => writeFile(path.join(o.dir, name), text, { mode: 0o600 });
  await file('janus.transport.websockets.jcfg', janusWebSocketsConfig(o));
  await file('janus.plugin.videoroom.jcfg', janusVideoRoomConfig(o));
  await file('janus.jcfg', janusCoreConfig(o));
  return path.join(o.dir, 'janus.jcfg');
}
