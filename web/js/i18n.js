// Message catalogues (web/i18n/<lang>.json): language choice, lookup and applying texts to the DOM.

/** @typedef {'en' | 'de'} Language */

/** @type {readonly Language[]} */
export const kLanguages = ['en', 'de'];

/** @type {Language} */
let current = 'en';
/** @type {Record<string, string>} */
let catalogue = {};
/** @type {Set<(lang: Language) => void>} */
const listeners = new Set();

/**
 * German for any de-* browser language, English otherwise.
 * @param {string | undefined} browserLanguage e.g. navigator.language
 * @returns {Language}
 */
export function detectLanguage(browserLanguage) {
  return /^de(-|$)/i.test(browserLanguage ?? '') ? 'de' : 'en';
}

/** @returns {Language} */
export function language() {
  return current;
}

/**
 * Loads a catalogue (same origin only, so the CSP stays `default-src 'self'`) and re-applies
 * every text on the page.
 * @param {Language} lang
 */
export async function setLanguage(lang) {
  const response = await fetch(`/i18n/${lang}.json`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`catalogue ${lang}: HTTP ${response.status}`);
  catalogue = /** @type {Record<string, string>} */ (await response.json());
  current = lang;
  document.documentElement.lang = lang;
  applyTranslations(document);
  for (const listener of listeners) listener(lang);
}

/** @param {(lang: Language) => void} listener called after every language change */
export function onLanguageChange(listener) {
  listeners.add(listener);
}

/**
 * The text for a key with `{name}` placeholders filled in; the key itself when missing so
 * that a gap is visible rather than silent.
 * @param {string} key
 * @param {Record<string, string>} [vars]
 * @returns {string}
 */
export function t(key, vars) {
  const text = catalogue[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => vars[name] ?? whole);
}

/**
 * Marks an element to show a catalogue text, now and after every language change.
 * `attribute` is `text` for textContent, otherwise an attribute name such as `aria-label`.
 * @param {Element} element
 * @param {string} key
 * @param {Record<string, string>} [vars]
 * @param {'text' | 'aria-label' | 'placeholder' | 'title'} [attribute]
 */
export function bindText(element, key, vars, attribute = 'text') {
  const dataName = attribute === 'text' ? 'i18n' : `i18n-${attribute}`;
  element.setAttribute(`data-${dataName}`, key);
  if (vars) element.setAttribute('data-i18n-vars', JSON.stringify(vars));
  else element.removeAttribute('data-i18n-vars');
  applyTranslations(element);
}

const kAttributes = /** @type {const} */ (['aria-label', 'placeholder', 'title']);

/**
 * Fills every `data-i18n` (text) and `data-i18n-<attribute>` element under root, root included.
 * @param {ParentNode & Node} root
 */
export function applyTranslations(root) {
  /** @type {Element[]} */
  const elements = [];
  if (root instanceof Element) elements.push(root);
  elements.push(...root.querySelectorAll('[data-i18n], [data-i18n-aria-label], [data-i18n-placeholder], [data-i18n-title]'));
  for (const element of elements) {
    const varsText = element.getAttribute('data-i18n-vars');
    /** @type {Record<string, string> | undefined} */
    const vars = varsText ? JSON.parse(varsText) : undefined;
    const textKey = element.getAttribute('data-i18n');
    if (textKey) {
      if (element instanceof HTMLTitleElement) document.title = t(textKey, vars);
      else element.textContent = t(textKey, vars);
    }
    for (const attribute of kAttributes) {
      const key = element.getAttribute(`data-i18n-${attribute}`);
      if (key) element.setAttribute(attribute, t(key, vars));
    }
  }
}
