import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Options } from '@/components/Options';
import { sendMessage } from '@/utils/messaging/protocol';
import { createOptionsState } from '@/utils/options/create-options-state';

const state = createOptionsState({
  send: sendMessage,
  requestHostAccess: async (pattern) =>
    (await browser.permissions.contains({ origins: [pattern] })) || browser.permissions.request({ origins: [pattern] }),
});
render(<Options state={state} />, document.getElementById('app')!);
void state.load();
