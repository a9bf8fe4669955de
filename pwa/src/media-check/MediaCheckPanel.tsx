import { t } from '../i18n/i18n.ts';
import type { ReadonlySignal } from '@preact/signals';
import type { CheckStepName, StepState } from './create-media-check.ts';
import type { LazyMediaCheck } from './lazy-media-check.ts';

const STEPS: readonly CheckStepName[] = ['camera', 'microphone', 'speaker', 'network'];
const ICON: Record<StepState, string> = { pending: '○', running: '◌', waiting: '?', passed: '✓', failed: '!', skipped: '–' };

/** The media check on the pre-join screen: progress, microphone meter, speaker test, fixing steps. */
export function MediaCheckPanel({ check, micLevel }: { check: LazyMediaCheck; micLevel: ReadonlySignal<number> }) {
  const steps = check.steps.value;
  const percent = Math.round(check.progress.value * 100);
  return (
    <section class="media-check" aria-label={t('check.label')}>
      <div class="media-check__head">
        <h2>{t('check.title')}</h2>
        <progress max={100} value={percent} aria-label={t('check.progress', { percent })} />
      </div>
      <ul class="media-check__steps">
        {STEPS.map((step) => {
          const status = steps[step];
          return (
            <li key={step} class={`check-step check-step--${status.state}`} data-step={step} data-state={status.state}>
              <span class="check-step__icon" aria-hidden="true">
                {ICON[status.state]}
              </span>
              <span class="check-step__label">{t(`check.step.${step}`)}</span>
              <span class="check-step__state">{t(`check.state.${status.state}`)}</span>
              {step === 'microphone' && (
                <meter
                  class="mic-meter"
                  min={0}
                  max={1}
                  low={0.2}
                  high={0.85}
                  optimum={0.5}
                  value={micLevel.value}
                  aria-label={t('check.micLevel')}
                />
              )}
              {/* On a line of its own, always there (empty or not), so the list does not jump as results come in. */}
              <span class="check-step__detail muted">{status.detailKey ? t(status.detailKey) : (status.detail ?? '\u00a0')}</span>
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
                        {t('check.playSound')}
                      </button>
                      <button
                        type="button"
                        class="button button--small"
                        onClick={() => check.answerSpeaker(true)}
                        data-action="heard-sound"
                      >
                        {t('check.heardIt')}
                      </button>
                      <button
                        type="button"
                        class="button button--small"
                        onClick={() => check.answerSpeaker(false)}
                        data-action="heard-nothing"
                      >
                        {t('check.heardNothing')}
                      </button>
                    </>
                  )}
                  {/* Beside the speaker's own buttons (one row fewer: the fixing steps below stay on a laptop's screen). */}
                  {status.state === 'failed' && (
                    <button type="button" class="button button--small" onClick={() => void check.retry(step)} data-action={`retry-${step}`}>
                      {t('common.tryAgain')}
                    </button>
                  )}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {check.troubleshooting.value.map((tip) => (
        <div class="troubleshooting" role="alert" key={tip.problem} data-problem={tip.problem}>
          <h3>{tip.title}</h3>
          <p class="muted">{t('check.stepsFor', { platform: tip.platform })}</p>
          <ol>
            {tip.steps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
          {(tip.problem.startsWith('camera') ||
            tip.problem.startsWith('microphone-denied') ||
            tip.problem.startsWith('microphone-missing') ||
            tip.problem.startsWith('microphone-in-use')) && (
            <div class="form-actions">
              {tip.problem.startsWith('camera') && (
                <button type="button" class="button button--small" onClick={() => check.skip('video')} data-action="join-audio-only">
                  {t('check.audioOnly')}
                </button>
              )}
              {tip.problem.startsWith('microphone') && (
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => check.skip('audio')}
                  data-action="join-without-microphone"
                >
                  {t('check.withoutMic')}
                </button>
              )}
            </div>
          )}
        </div>
      ))}
    </section>
  );
}
