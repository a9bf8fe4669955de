import type { FeatureName } from '../../../shared/api/auth.ts';
import { t } from '../i18n/i18n.ts';
import '../i18n/later-texts.ts';

/** The add-ons and betas, in the order the app lists them. */
export const FEATURES: readonly FeatureName[] = ['recording', 'backgroundBlur'];

/** How the app names an add-on or beta, in the page's language. */
export const featureLabel = (key: FeatureName) => t(`features.${key}.label`);
/** What it gives. */
export const featureHelp = (key: FeatureName) => t(`features.${key}.help`);
