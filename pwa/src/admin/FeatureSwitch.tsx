import { t } from '../i18n/i18n.ts';
import '../i18n/later-texts.ts';
/**
 * An on/off switch (`role="switch"`, a real button: Space and Enter work, focus stays on it).
 * It shows the server's state, never an optimistic one: `onToggle` asks, the state answers.
 */
export function FeatureSwitch({
  on,
  busy,
  label,
  feature,
  onToggle,
}: {
  on: boolean;
  busy: boolean;
  label: string;
  feature: string;
  onToggle: (on: boolean) => void;
}) {
  return (
    <button
      type="button"
      role="switch"
      class="toggle"
      aria-checked={on}
      aria-busy={busy}
      data-feature={feature}
      onClick={() => {
        if (!busy) onToggle(!on);
      }}
    >
      <span class="toggle__track" aria-hidden="true">
        <span class="toggle__thumb" />
      </span>
      <span class="toggle__text" aria-hidden="true">
        {on ? t('admin.on') : t('admin.off')}
      </span>
      <span class="visually-hidden">{label}</span>
    </button>
  );
}
