import type { ReadonlySignal } from '@preact/signals';
import type { MediaCheck, CheckStepName, StepState } from './create-media-check.ts';

const LABEL: Record<CheckStepName, string> = { camera: 'Camera', microphone: 'Microphone', speaker: 'Speaker', network: 'Network' };
const STATE_TEXT: Record<StepState, string> = {
  pending: 'waiting',
  running: 'checking…',
  waiting: 'your turn',
  passed: 'works',
  failed: 'problem',
  skipped: 'skipped',
};
const ICON: Record<StepState, string> = { pending: '○', running: '◌', waiting: '?', passed: '✓', failed: '!', skipped: '–' };

/** The media check on the pre-join screen: progress, microphone meter, speaker test, fixing steps. */
export function MediaCheckPanel({ check, micLevel }: { check: MediaCheck; micLevel: ReadonlySignal<number> }) {
  const steps = check.steps.value;
  const percent = Math.round(check.progress.value * 100);
  return (
    <section class="media-check" aria-label="Media check">
      <div class="media-check__head">
        <h2>Check your setup</h2>
        <progress max={100} value={percent} aria-label={`Media check ${percent}% done`} />
      </div>
      <ul class="media-check__steps">
        {(Object.keys(LABEL) as CheckStepName[]).map((step) => {
          const status = steps[step];
          return (
            <li key={step} class={`check-step check-step--${status.state}`} data-step={step} data-state={status.state}>
              <span class="check-step__icon" aria-hidden="true">
                {ICON[status.state]}
              </span>
              <span class="check-step__label">{LABEL[step]}</span>
              <span class="check-step__state">{STATE_TEXT[status.state]}</span>
              {step === 'microphone' && (
                <meter
                  class="mic-meter"
                  min={0}
                  max={1}
                  low={0.2}
                  high={0.85}
                  optimum={0.5}
                  value={micLevel.value}
                  aria-label="Microphone level"
                />
              )}
              {/* On a line of its own, always there (empty or not), so the list does not jump as results come in. */}
              <span class="check-step__detail muted">{status.detail ?? '\u00a0'}</span>
              {((step === 'speaker' && status.state !== 'passed') || status.state === 'failed') && (
                <span class="check-step__actions">
                  {step === 'speaker' && (
                    <>
                      <button
                        type="button"
                        class="button button--small"
                        onClick={() => void check.playSpeakerTest()}
                        data-action="play-test-sound"
                      >
                        Play test sound
                      </button>
                      <button
                        type="button"
                        class="button button--small"
                        onClick={() => check.answerSpeaker(true)}
                        data-action="heard-sound"
                      >
                        I heard it
                      </button>
                      <button
                        type="button"
                        class="button button--small"
                        onClick={() => check.answerSpeaker(false)}
                        data-action="heard-nothing"
                      >
                        I heard nothing
                      </button>
                    </>
                  )}
                  {/* Beside the speaker's own buttons (one row fewer: the fixing steps below stay on a laptop's screen). */}
                  {status.state === 'failed' && (
                    <button type="button" class="button button--small" onClick={() => void check.retry(step)} data-action={`retry-${step}`}>
                      Try again
                    </button>
                  )}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {check.troubleshooting.value.map((t) => (
        <div class="troubleshooting" role="alert" key={t.problem} data-problem={t.problem}>
          <h3>{t.title}</h3>
          <p class="muted">Steps for {t.platform}:</p>
          <ol>
            {t.steps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
          {(t.problem.startsWith('camera') ||
            t.problem.startsWith('microphone-denied') ||
            t.problem.startsWith('microphone-missing') ||
            t.problem.startsWith('microphone-in-use')) && (
            <div class="form-actions">
              {t.problem.startsWith('camera') && (
                <button type="button" class="button button--small" onClick={() => check.skip('video')} data-action="join-audio-only">
                  Continue with audio only
                </button>
              )}
              {t.problem.startsWith('microphone') && (
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => check.skip('audio')}
                  data-action="join-without-microphone"
                >
                  Continue without microphone
                </button>
              )}
            </div>
          )}
        </div>
      ))}
    </section>
  );
}
