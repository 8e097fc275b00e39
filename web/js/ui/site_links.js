// The operator's privacy notice and imprint links on the start and pre-join pages (P31), as
// configured on the server (GET /api/site); nothing is shown where none is configured.

import { t, onLanguageChange } from '../i18n.js';

/** @typedef {{privacyNoticeUrl: string, imprintUrl: string}} SiteInfo */

/**
 * Only http(s) links are shown, so that a configuration typo cannot become a script link.
 * @param {unknown} value
 * @returns {string}
 */
function safeUrl(value) {
  if (typeof value !== 'string' || value === '') return '';
  try {
    const url = new URL(value, location.origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
  } catch {
    return '';
  }
}

/** @param {SiteInfo} site */
function render(site) {
  const links = [
    { href: safeUrl(site.privacyNoticeUrl), key: 'site.privacy-notice' },
    { href: safeUrl(site.imprintUrl), key: 'site.imprint' },
  ].filter((l) => l.href !== '');
  for (const holder of document.querySelectorAll('.site-links')) {
    holder.replaceChildren();
    links.forEach((link, i) => {
      if (i > 0) holder.append(' · ');
      const a = document.createElement('a');
      a.href = link.href;
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      a.textContent = t(link.key);
      holder.append(a);
    });
    /** @type {HTMLElement} */ (holder).hidden = links.length === 0;
  }
}

/** Fetches the links once and keeps them in the current language. */
export async function initSiteLinks() {
  /** @type {SiteInfo} */
  let site = { privacyNoticeUrl: '', imprintUrl: '' };
  try {
    const response = await fetch('/api/site', { credentials: 'same-origin' });
    if (response.ok) site = await response.json();
  } catch {
    return;  // no links rather than a broken page
  }
  render(site);
  onLanguageChange(() => render(site));
}
