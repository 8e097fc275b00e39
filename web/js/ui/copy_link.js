// Copies the full meeting link, with the `#k=` secret in its fragment (docs/e2ee.md "Integration"), for the pre-join and meeting screens.

import { bindText } from '../i18n.js';

/**
 * Copies this page's link. The confirmation goes to `status` (a live region); when the
 * clipboard is refused, the link is shown selected in `fallback` for the person to copy.
 * @param {HTMLElement} status
 * @param {HTMLInputElement} fallback read-only text box
 * @param {HTMLElement} [reveal] what to show for the fallback (the text box or its container),
 *   hidden again when the clipboard took the link
 * @returns {Promise<boolean>} whether the clipboard took the link
 */
export async function copyMeetingLink(status, fallback, reveal = fallback) {
  const link = location.href;
  try {
    await navigator.clipboard.writeText(link);
    reveal.hidden = true;
    bindText(status, 'invite.copied');
    return true;
  } catch {
    fallback.value = link;
    reveal.hidden = false;
    bindText(status, 'invite.copy-yourself');
    fallback.focus();
    fallback.select();
    return false;
  }
}
