// Single-key shortcuts of the meeting screen (M microphone, V camera, H hand, C chat), ignored while the user types.

/**
 * @param {EventTarget | null} target
 * @returns {boolean} whether keys typed there are text
 */
function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(target.type);
}

/**
 * Clicks the button that belongs to a key while `active()` holds; each button should carry the
 * same key in aria-keyshortcuts so that assistive technology can tell.
 * @param {Record<string, HTMLButtonElement>} keys lower-case key → button
 * @param {() => boolean} active
 */
export function bindShortcuts(keys, active) {
  document.addEventListener('keydown', (event) => {
    if (!active() || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) return;
    const button = keys[event.key.toLowerCase()];
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });
}
