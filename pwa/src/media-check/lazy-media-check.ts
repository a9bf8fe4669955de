import { computed, signal } from '@preact/signals';
import type { MediaKind } from '../media/local-media.ts';
import type { CheckStepName, MediaCheck, MediaCheckDeps, StepStatus } from './create-media-check.ts';
import type { Troubleshooting } from './troubleshooting.ts';

const PENDING: StepStatus = { state: 'pending', detail: null, detailKey: null, problem: null };
const NOT_STARTED: Record<CheckStepName, StepStatus> = { camera: PENDING, microphone: PENDING, speaker: PENDING, network: PENDING };

/**
 * The media check as the pre-join page holds it: the panel shows its four steps pending at once,
 * and the check's code (steps, reports, its sentences) loads only when it runs — a second and a
 * half after the page, or when the guest presses a step's button — so it is not in the bytes a
 * guest who joins at once loads before the call. The same surface as `createMediaCheck`.
 */
export function createLazyMediaCheck(deps: MediaCheckDeps, load = () => import('./create-media-check.ts')) {
  const real = signal<MediaCheck | null>(null);
  let loading: Promise<MediaCheck> | null = null;
  let held = false;
  /** Runs asked for while the check was held and its code not loaded: they load it once released. */
  const waiting: (() => void)[] = [];
  const released = () => (held ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve());
  const ready = () =>
    (loading ??= load().then(({ createMediaCheck }) => {
      const check = createMediaCheck(deps);
      check.hold(held);
      real.value = check;
      return check;
    }));

  return {
    steps: computed(() => real.value?.steps.value ?? NOT_STARTED),
    progress: computed(() => real.value?.progress.value ?? 0),
    failed: computed(() => real.value?.failed.value ?? ([] as CheckStepName[])),
    troubleshooting: computed(() => real.value?.troubleshooting.value ?? ([] as Troubleshooting[])),
    /**
     * Runs the check. Asked while it is held (the page joins the call: the pre-join page's timer
     * fired late, on a slow machine), not even its code loads (30 ms of a slow machine's main thread,
     * in the middle of the join): it loads and runs once released.
     */
    async run() {
      if (!real.peek()) await released();
      await (await ready()).run();
    },
    /** Hold the check back (true) while the page joins the call; it starts or goes on once released. */
    hold(value: boolean) {
      held = value;
      real.peek()?.hold(value);
      if (!held) for (const resolve of waiting.splice(0)) resolve();
    },
    async retry(step: CheckStepName) {
      await (await ready()).retry(step);
    },
    async playSpeakerTest() {
      await (await ready()).playSpeakerTest();
    },
    answerSpeaker(heard: boolean) {
      void ready().then((check) => check.answerSpeaker(heard));
    },
    skip(kind: MediaKind) {
      void ready().then((check) => check.skip(kind));
    },
  };
}

export type LazyMediaCheck = ReturnType<typeof createLazyMediaCheck>;
