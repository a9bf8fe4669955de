import { enLater } from './en-later.ts';
import { i18n } from './i18n.ts';

/**
 * Importing this module for its effect (see the modules that do) makes the English texts of the parts
 * that load later available before the importing module runs. Every module outside the first
 * page's chunk that uses such a text imports it (en-first.test.ts checks).
 */
i18n.addEnglish(enLater);
