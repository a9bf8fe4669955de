import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '@/components/Popup';
import { sendMessage } from '@/utils/messaging/protocol';
import { createPopupState } from '@/utils/popup/create-popup-state';

const state = createPopupState({
  send: sendMessage,
  async activeTab() {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id === undefined ? null : { id: tab.id, title: tab.title ?? '' };
  },
  openRoom: (url) => void browser.tabs.create({ url }),
  openOptions: () => void browser.runtime.openOptionsPage(),
  close: () => window.close(),
});
render(<Popup state={state} />, document.getElementById('app')!);
void state.load();
