import type { LaterKey } from '../i18n/en.ts';
import { enLater } from '../i18n/en-later.ts';
// Loaded when the check runs (lazy-media-check.ts): its sentences come with it.
import '../i18n/later-texts.ts';
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { MediaCheckOutcome, MediaCheckReport, MediaCheckStep } from '../../../shared/media-check.ts';
import { apiRequest } from '../api/api-client.ts';
import { nextTask } from '../app/next-task.ts';
import { until } from '../app/until.ts';
import { createAudioLevel } from '../media/audio-level.ts';
import type { LocalMedia, LocalMediaError, MediaKind } from '../media/local-media.ts';
import { playTestSound } from '../media/test-sound.ts';
import { detectPlatform, type Platform } from './platform.ts';
import { createReportBatch } from './report-batch.ts';
import type { Problem, Troubleshooting } from './troubleshooting.ts';

export type CheckStepName = 'camera' | 'microphone' | 'speaker' | 'network';
export type StepState = 'pending' | 'running' | 'waiting' | 'passed' | 'failed' | 'skipped';

export interface StepStatus {
  state: StepState;
  /** What the step found, in English: device labels and numbers as they are (also sent in the report). */
  detail: string | null;
  /** The same in the catalogues, when it is one of our sentences: the panel shows it in the page's language. */
  detailKey: CheckDetailKey | null;
  problem: Problem | null;
}

/** The media check's own sentences about a step. */
export type CheckDetailKey = Extract<LaterKey, `check.detail.${string}`>;
/** A step's detail: a found text (a device's label, measurements), or one of our sentences by key. */
type Detail = string | { key: CheckDetailKey } | null;

export interface MediaCheckDeps {
  meetingId: string;
  media: LocalMedia;
  headers: Record<string, string>;
  /** The name typed so far, for the host's notes. */
  name: () => string;
  dialIn?: { number: string; pin: string } | undefined;
  /** Selected speaker for the test sound. */
  sinkId?: () => string | undefined;
  platform?: Platform;
  micListenMs?: number;
  /** Send each step to the room assistant (true for guests). */
  reportToHost: boolean;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type ReportBody = DistributiveOmit<MediaCheckReport, 'checkId' | 'name'>;

const MIC_HEARD_LEVEL = 0.2;
const STEPS: CheckStepName[] = ['camera', 'microphone', 'speaker', 'network'];

function deviceProblem(kind: MediaKind, error: LocalMediaError): Problem {
  const device = kind === 'audio' ? 'microphone' : 'camera';
  switch (error.failure) {
    case 'permission-denied':
      return `${device}-denied`;
    case 'device-in-use':
      return `${device}-in-use`;
    default:
      return `${device}-missing`;
  }
}

/**
 * The pre-join media check: camera, microphone (does it pick up sound?), speaker (the
 * guest confirms a test sound) and network (round trip, and a WebRTC connection with
 * the configured ICE servers). Each step is reported to the room as it happens, and
 * each failure shows (and reports) the fixing steps for this browser and system.
 */
export function createMediaCheck(deps: MediaCheckDeps) {
  const platform = deps.platform ?? detectPlatform(navigator.userAgent, navigator.maxTouchPoints ?? 0);
  const checkId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const steps = signal<Record<CheckStepName, StepStatus>>(
    Object.fromEntries(STEPS.map((s) => [s, { state: 'pending', detail: null, detailKey: null, problem: null }])) as Record<
      CheckStepName,
      StepStatus
    >,
  );
  const shown = signal<Troubleshooting[]>([]);
  const started = signal(false);
  const reportedTroubles = new Set<string>();
  /** Held while the page is getting into the call: the check waits, so as not to compete with the join. */
  let held = false;
  let onRelease: (() => void)[] = [];
  const released = () => (held ? new Promise<void>((resolve) => onRelease.push(resolve)) : Promise.resolve());
  const base = `/api/meetings/${encodeURIComponent(deps.meetingId)}`;

  const done = computed(() => STEPS.filter((s) => ['passed', 'failed', 'skipped'].includes(steps.value[s].state)).length);
  const progress = computed(() => done.value / STEPS.length);
  const failed = computed(() => STEPS.filter((s) => steps.value[s].state === 'failed'));

  // The room assistant briefs the host about guests; the host's own check stays on their screen.
  const reports = deps.reportToHost
    ? createReportBatch<MediaCheckReport>((batched, keepalive) => {
        void apiRequest('POST', `${base}/media-check`, undefined, {
          headers: deps.headers,
          body: batched.length === 1 ? batched[0] : { reports: batched },
          keepalive,
        }).catch(() => undefined);
      })
    : null;

  function report(body: ReportBody) {
    if (!reports) return;
    const name = deps.name().trim().slice(0, 60);
    reports.add({ ...body, checkId, ...(name ? { name } : {}) } as MediaCheckReport);
  }

  function setStep(step: CheckStepName, state: StepState, said: Detail = null, problem: Problem | null = null) {
    const detailKey = said && typeof said === 'object' ? said.key : null;
    const detail = detailKey ? enLater[detailKey] : (said as string | null);
    batch(() => {
      steps.value = { ...steps.value, [step]: { state, detail, detailKey, problem } };
      if (problem) showTroubleshooting(problem);
      else shown.value = shown.value.filter((t) => !problemBelongsTo(t.problem, step));
    });
    const outcome: MediaCheckOutcome | null =
      state === 'running'
        ? 'running'
        : state === 'passed'
          ? 'passed'
          : state === 'failed'
            ? 'failed'
            : state === 'skipped'
              ? 'skipped'
              : null;
    if (outcome) {
      report({
        type: 'step',
        step: step as MediaCheckStep,
        outcome,
        ...(detail ? { detail: detail.slice(0, 300) } : {}),
        // The host's page words our own sentences in the host's language.
        ...(detailKey ? { detailKey } : {}),
      });
    }
  }

  /** The fixing steps load when a step first fails (most checks pass: they are not part of the page). */
  function showTroubleshooting(problem: Problem) {
    void import('./troubleshooting.ts').then(({ troubleshoot }) => {
      // Fixed while the steps loaded: nothing to show.
      if (!STEPS.some((s) => steps.value[s].problem === problem)) return;
      const t = troubleshoot(problem, platform, deps.dialIn);
      shown.value = [...shown.value.filter((x) => x.problem !== problem), t];
      if (reportedTroubles.has(problem)) return;
      reportedTroubles.add(problem);
      report({ type: 'troubleshooting', problem, platform: t.platform, title: t.title, steps: t.steps });
    });
  }

  /**
   * Resolves once the device of that kind is no longer starting. Checked while its permission
   * prompt was still open (or the camera on its way), the step read "no camera picture" and kept it.
   */
  function deviceStarted(kind: MediaKind): Promise<void> {
    const starting = deps.media.startingKind;
    if (!starting.peek()[kind]) return Promise.resolve();
    setStep(kind === 'video' ? 'camera' : 'microphone', 'running');
    return until(computed(() => !starting.value[kind]));
  }

  function checkCamera() {
    const { media } = deps;
    if (media.declined.value.video) return setStep('camera', 'skipped', { key: 'check.detail.noCameraJoin' });
    const error = media.errors.value.video;
    if (error) return setStep('camera', 'failed', error.message || error.failure, deviceProblem('video', error));
    const track = media.videoTrack.value;
    if (track?.readyState !== 'live') return setStep('camera', 'failed', { key: 'check.detail.noPicture' }, 'camera-missing');
    const { width, height } = track.getSettings();
    setStep('camera', 'passed', [track.label, width && height ? `${width}×${height}` : null].filter(Boolean).join(', '));
  }

  async function checkMicrophone() {
    const { media } = deps;
    if (media.declined.value.audio) return setStep('microphone', 'skipped', { key: 'check.detail.noMicJoin' });
    const error = media.errors.value.audio;
    if (error) return setStep('microphone', 'failed', error.message || error.failure, deviceProblem('audio', error));
    const track = media.audioTrack.value;
    if (!track) return setStep('microphone', 'failed', { key: 'check.detail.noMic' }, 'microphone-missing');
    setStep('microphone', 'running', { key: 'check.detail.saySomething' });
    const meter = createAudioLevel(track);
    try {
      const heard = await new Promise<boolean>((resolve) => {
        const stopAt = Date.now() + (deps.micListenMs ?? 8000);
        const timer = setInterval(() => {
          if (meter.level.value >= MIC_HEARD_LEVEL) {
            clearInterval(timer);
            resolve(true);
          } else if (Date.now() > stopAt) {
            clearInterval(timer);
            resolve(false);
          }
        }, 100);
      });
      if (heard) setStep('microphone', 'passed', track.label || { key: 'check.detail.soundDetected' });
      else setStep('microphone', 'failed', { key: 'check.detail.noSound' }, 'microphone-silent');
    } finally {
      meter.dispose();
    }
  }

  async function checkNetwork() {
    setStep('network', 'running');
    // Its own chunk: the step runs a second or more after the page, never on a guest's way in.
    const { runNetworkCheck } = await import('./network-check.ts');
    const result = await runNetworkCheck(deps.meetingId, deps.headers, undefined, checkId);
    setStep('network', result.ok ? 'passed' : 'failed', result.detail, result.ok ? null : 'network-blocked');
  }

  async function run() {
    if (started.value) return;
    started.value = true;
    await released();
    report({ type: 'step', step: 'started', outcome: 'running' });
    setStep('speaker', 'waiting', { key: 'check.detail.playSound' });
    const camera = deviceStarted('video').then(checkCamera);
    // Each step starts in a task of its own (its report, its panel drawn, the microphone's meter, the
    // network step's chunk): started together they were one of the pre-join page's longest tasks.
    await nextTask();
    const microphone = deviceStarted('audio').then(checkMicrophone);
    await nextTask();
    await Promise.all([camera, microphone, checkNetwork()]);
    const outcome = failed.value.length ? 'failed' : 'passed';
    report({
      type: 'step',
      step: 'finished',
      outcome,
      detail: failed.value.length ? `problems: ${failed.value.join(', ')}` : 'camera, microphone and network work',
    });
  }

  return {
    checkId,
    platform,
    steps: steps as ReadonlySignal<Record<CheckStepName, StepStatus>>,
    troubleshooting: shown as ReadonlySignal<Troubleshooting[]>,
    progress,
    failed,
    run,
    /** Hold the check back (true) while the page joins the call; it starts or goes on once released. */
    hold(value: boolean) {
      held = value;
      if (value) return;
      const waiting = onRelease;
      onRelease = [];
      for (const resolve of waiting) resolve();
    },
    async retry(step: CheckStepName) {
      if (step === 'camera') {
        await deps.media.retry('video');
        checkCamera();
      } else if (step === 'microphone') {
        await deps.media.retry('audio');
        await checkMicrophone();
      } else if (step === 'network') {
        await checkNetwork();
      } else {
        setStep('speaker', 'waiting', { key: 'check.detail.playSound' });
      }
    },
    async playSpeakerTest() {
      setStep('speaker', 'waiting', { key: 'check.detail.twoNotes' });
      await playTestSound(deps.sinkId?.());
    },
    answerSpeaker(heard: boolean) {
      if (heard) setStep('speaker', 'passed', { key: 'check.detail.heard' });
      else setStep('speaker', 'failed', { key: 'check.detail.notHeard' }, 'speaker-silent');
    },
    /** The guest goes without a device: the step counts as skipped, its troubleshooting goes away. */
    skip(kind: MediaKind) {
      deps.media.decline(kind);
      if (kind === 'video') checkCamera();
      else void checkMicrophone();
    },
  };
}

function problemBelongsTo(problem: Problem, step: CheckStepName): boolean {
  return problem.startsWith(step) || (step === 'network' && problem === 'network-blocked');
}

export type MediaCheck = ReturnType<typeof createMediaCheck>;
