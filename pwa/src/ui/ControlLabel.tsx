import type { LucideIcon } from 'lucide-preact';

/**
 * A control's face: an icon from the lucide set and its text. The text stays in the button (its
 * accessible name); on a phone's toolbar it is hidden from sight (icons only, the text as the
 * tooltip via the button's `title`), on wider screens it shows beside the icon.
 */
export function ControlLabel({ icon: Icon, text }: { icon: LucideIcon; text: string }) {
  return (
    <>
      <Icon class="icon" size={20} aria-hidden="true" />
      <span class="control__text">{text}</span>
    </>
  );
}
