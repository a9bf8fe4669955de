import type { LoopDelay } from './event-loop-delay.ts';
import { type Histogram, histogramSamples } from './histogram.ts';
import type { WriteStats } from './write-timing.ts';

/** The SFU as /metrics shows it (all zero with SFU=off). */
export interface SfuMetrics {
  /** SFU=janus is configured. */
  enabled: boolean;
  /** Janus answers now. */
  up: boolean;
  /** Times Janus was started again after a crash. */
  restarts: number;
  /** Meetings whose media goes through Janus now. */
  meetings: number;
}

export interface MetricsInput {
  census: Record<string, number>;
  sfu: SfuMetrics;
  writes: WriteStats;
  /** Room → caller delay in the phone bridge, every frame of every call since start. */
  dialInDelay: Histogram;
  /** Batches of phone audio dropped between the bridge's threads since start. */
  dialInAudioDropped: number;
  /** The main thread's timer delays since the last scrape (null: not watched). */
  loopDelay: LoopDelay | null;
  memory: NodeJS.MemoryUsage;
  uptimeSeconds: number;
}

type Sample = { labels?: Record<string, string>; value: number; suffix?: string };

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels?: Record<string, string>) =>
  labels && Object.keys(labels).length
    ? `{${Object.entries(labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',')}}`
    : '';

function family(name: string, type: 'gauge' | 'counter' | 'histogram', help: string, samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const s of samples) lines.push(`${name}${s.suffix ?? ''}${labelText(s.labels)} ${Number.isFinite(s.value) ? s.value : 0}`);
  return lines.join('\n');
}

/** The Prometheus text exposition format (version 0.0.4) of what the server holds and how its storage does. */
export function metricsText({
  census,
  sfu,
  writes,
  dialInDelay,
  dialInAudioDropped,
  loopDelay,
  memory,
  uptimeSeconds,
}: MetricsInput): string {
  const n = (key: string) => census[key] ?? 0;
  return `${[
    family('meeting_rooms', 'gauge', 'Rooms with anyone in them.', [{ value: n('rooms') }]),
    family('meeting_participants', 'gauge', 'Participants in rooms (joined, reconnecting or not yet on the roster).', [
      { value: n('participants') },
    ]),
    family('meeting_waiting_guests', 'gauge', 'Guests in waiting rooms.', [{ value: n('lobbyEntries') }]),
    family('meeting_sockets', 'gauge', 'Open WebSockets, by kind.', [
      { labels: { kind: 'room' }, value: n('roomSockets') },
      { labels: { kind: 'lobby' }, value: n('lobbySockets') },
      { labels: { kind: 'signalling' }, value: n('signallingSockets') },
      { labels: { kind: 'sfu' }, value: n('sfuSockets') },
    ]),
    family('meeting_sfu_enabled', 'gauge', 'Whether the SFU (Janus) is configured (SFU=janus): 1 or 0.', [{ value: sfu.enabled ? 1 : 0 }]),
    family('meeting_sfu_up', 'gauge', 'Whether Janus answers now: 1 or 0.', [{ value: sfu.up ? 1 : 0 }]),
    family('meeting_sfu_restarts_total', 'counter', 'Times Janus was started again after it exited.', [{ value: sfu.restarts }]),
    family('meeting_sfu_meetings', 'gauge', 'Meetings whose media goes through the SFU now.', [{ value: sfu.meetings }]),
    family('meeting_dialin_callers', 'gauge', 'Phone callers bridged into rooms.', [{ value: n('dialInCalls') }]),
    family(
      'meeting_dialin_audio_dropped_total',
      'counter',
      "Batches of phone audio dropped because a ring between the bridge's threads was full (a thread stalled for a second or more): callers heard gaps.",
      [{ value: dialInAudioDropped }],
    ),
    family('meeting_recordings_in_progress', 'gauge', 'Recordings being written.', [{ value: n('recordingsInProgress') }]),
    family(
      'meeting_memory_collection_size',
      'gauge',
      'Entries in each in-memory collection (what the soak benchmark checks stays bounded).',
      Object.entries(census)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([collection, value]) => ({ labels: { collection }, value })),
    ),
    family(
      'meeting_dialin_room_to_caller_delay_seconds',
      'histogram',
      "Phone bridge, room → caller: from a voice's packet reaching the bridge to the mix it is in handed to Twilio's socket (jitter buffer and 20 ms clock included), per packet mixed.",
      histogramSamples(dialInDelay),
    ),
    family(
      'meeting_storage_write_seconds',
      'histogram',
      'How long storage writes took (fsync included).',
      histogramSamples(writes.durations),
    ),
    family('meeting_storage_write_failures_total', 'counter', 'Storage writes that failed.', [{ value: writes.failures }]),
    family('meeting_storage_last_write_seconds', 'gauge', 'How long the last storage write took.', [
      { value: (writes.last?.ms ?? 0) / 1000 },
    ]),
    ...(loopDelay
      ? (['p50', 'p99', 'max'] as const).map((stat) =>
          family(
            `nodejs_eventloop_lag_${stat}_seconds`,
            'gauge',
            `How late the main thread's 10 ms timer ran since the last scrape, ${stat === 'max' ? 'at most' : stat} (the period included): a stall delays every socket and the phone bridge's frames.`,
            [{ value: Math.round(loopDelay[stat] * 1e6) / 1e6 }],
          ),
        )
      : []),
    family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', [{ value: memory.rss }]),
    family('nodejs_heap_size_used_bytes', 'gauge', 'V8 heap used, in bytes.', [{ value: memory.heapUsed }]),
    family('nodejs_heap_size_total_bytes', 'gauge', 'V8 heap allocated, in bytes.', [{ value: memory.heapTotal }]),
    family('nodejs_external_memory_bytes', 'gauge', 'Memory of C++ objects bound to JavaScript (buffers), in bytes.', [
      { value: memory.external },
    ]),
    family('process_uptime_seconds', 'gauge', 'Seconds since the server started.', [{ value: Math.round(uptimeSeconds) }]),
  ].join('\n')}\n`;
}
