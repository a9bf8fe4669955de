import { createBlurState, type BlurMedia, type BlurState } from './create-blur-state.ts';
import { offerDiagnostics } from '../app/diagnostics.ts';
import { devOverrides } from './blur-flag.ts';

const states = new WeakMap<BlurMedia, BlurState>();

/**
 * The one blur state of a LocalMedia, shared by every toggle showing it (pre-join, then the
 * room), so blur turned on before joining stays on in the call. It lives as long as the media;
 * stopping the camera stops the pipeline.
 */
export function blurStateOf(media: BlurMedia): BlurState {
  let state = states.get(media);
  if (!state) {
    state = createBlurState(media, { runtime: devOverrides(location.search).runtime });
    states.set(media, state);
    offerDiagnostics('blur', state);
  }
  return state;
}
