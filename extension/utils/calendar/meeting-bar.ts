/** Our row in a Calendar event: an "Enter call" link or an "Add meeting room" button, and a status line. */

export const BAR_ATTRIBUTE = 'data-meeting-room-bar';

export type BarState = { kind: 'enter'; url: string } | { kind: 'add' };

export const barKey = (state: BarState) => (state.kind === 'enter' ? `enter ${state.url}` : 'add');

const BUTTON_STYLE =
  'display:inline-flex;align-items:center;gap:6px;padding:6px 14px;border-radius:18px;border:0;' +
  'background:#1a73e8;color:#fff;font:500 14px/20px system-ui,sans-serif;text-decoration:none;cursor:pointer;';

/**
 * Events that stop at our bar. Calendars handle clicks with listeners on the document (Google's
 * jsaction, React's root listener in Outlook), and our bar sits among their controls: without this,
 * a click on Enter call would also be a click on whatever row it is in (the location opens Maps).
 * The link's own default action (opening the room) is untouched.
 */
const CONTAINED_EVENTS = [
  'click',
  'auxclick',
  'dblclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'touchstart',
  'touchend',
  'keydown',
  'keyup',
  'keypress',
];

/** Builds the bar for `state`; `onAdd` runs when "Add meeting room" is clicked. */
export function createBar(doc: Document, state: BarState, onAdd: (bar: HTMLElement) => void): HTMLElement {
  const bar = doc.createElement('div');
  bar.setAttribute(BAR_ATTRIBUTE, barKey(state));
  bar.style.cssText = 'display:flex;align-items:center;flex-wrap:wrap;gap:8px;margin:8px 0 8px 0;padding-left:4px;';
  for (const type of CONTAINED_EVENTS) bar.addEventListener(type, (event) => event.stopPropagation());
  if (state.kind === 'enter') {
    // A real link, clicked by the user: Chrome opens it in the installed meeting-room app when the
    // user lets the app open its links, else in a new tab.
    const link = doc.createElement('a');
    link.href = state.url;
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = 'Enter call';
    link.dataset.meetingRoomAction = 'enter-call';
    link.style.cssText = BUTTON_STYLE;
    bar.append(link);
  } else {
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = 'Add meeting room';
    button.dataset.meetingRoomAction = 'add-meeting-room';
    button.style.cssText = BUTTON_STYLE;
    button.addEventListener('click', () => onAdd(bar));
    bar.append(button);
  }
  const status = doc.createElement('span');
  status.setAttribute('role', 'status');
  status.dataset.meetingRoomStatus = '';
  status.style.cssText = 'font:13px/18px system-ui,sans-serif;color:#5f6368;';
  bar.append(status);
  return bar;
}

/** Shows progress or an error; `busy` disables the button and keeps the bar from being replaced. */
export function setBarStatus(bar: HTMLElement, text: string, { busy = false, error = false } = {}): void {
  const status = bar.querySelector<HTMLElement>('[data-meeting-room-status]');
  if (status) {
    status.textContent = text;
    status.setAttribute('role', error ? 'alert' : 'status');
    status.style.color = error ? '#d93025' : '#5f6368';
  }
  bar.toggleAttribute('data-busy', busy);
  const button = bar.querySelector('button');
  if (button) button.disabled = busy;
}
