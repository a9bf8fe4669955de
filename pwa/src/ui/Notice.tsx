import type { ComponentChildren } from 'preact';

/**
 * A centred full-page message (unknown meeting, left the call, errors). `pending`: a page on its way
 * (loading, opening), shown only if it is still there after 0.4 s, so that a quick load goes
 * straight to the page without a flash of it (the boot screen does the same, ui/styles.css).
 */
export function Notice({
  title,
  children,
  tone = 'info',
  pending = false,
}: {
  title: string;
  children?: ComponentChildren;
  tone?: 'info' | 'error';
  pending?: boolean;
}) {
  return (
    <main class={`notice notice--${tone}${pending ? ' notice--pending' : ''}`} role={tone === 'error' ? 'alert' : undefined}>
      <h1>{title}</h1>
      {children}
    </main>
  );
}
