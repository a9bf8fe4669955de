import type { FeatureName } from '../../../shared/api/auth.ts';

/** How the app names each add-on and beta, and what it gives. */
export const FEATURE_LABELS: readonly { key: FeatureName; label: string; help: string }[] = [
  { key: 'recording', label: 'Recording (add-on)', help: 'You can record your calls. Everyone in the call sees when a recording runs.' },
  { key: 'backgroundBlur', label: 'Background blur (beta)', help: 'You and your guests can blur the background behind you.' },
];

export const featureLabel = (key: FeatureName) => FEATURE_LABELS.find((f) => f.key === key)!.label;
