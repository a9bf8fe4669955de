import type { ComponentChildren } from 'preact';

/** A centred full-page message (unknown meeting, left the call, errors). */
export function Notice({ title, children, tone = 'info' }: { title: string; children?: ComponentChildren; tone?: 'info' | 'error' }) {
  return (
    <main class={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : undefined}>
      <h1>{title}</h1>
      {children}
    </main>
  );
}
