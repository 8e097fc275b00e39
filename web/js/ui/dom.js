// Small typed DOM helpers shared by the screens.

/**
 * The element with that id, checked to be of the expected class.
 * @template {Element} T
 * @param {string} id
 * @param {{new (): T, prototype: T}} type
 * @returns {T}
 */
export function byId(id, type) {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing or not a ${type.name}`);
  return element;
}

/** @typedef {'start' | 'login' | '2fa' | 'report' | 'admin' | 'prejoin' | 'waiting' | 'meeting' | 'left'} ScreenName */

/**
 * Shows one screen, hides the others and moves focus to the new screen's first heading or
 * control, so keyboard and screen reader users land in the right place.
 * @param {ScreenName} name
 * @param {HTMLElement} [focus] element to focus instead of the heading
 */
export function showScreen(name, focus) {
  for (const screen of document.querySelectorAll('.screen')) {
    if (screen instanceof HTMLElement) screen.hidden = screen.id !== `screen-${name}`;
  }
  document.body.dataset.screen = name;
  const target = focus ?? document.querySelector(`#screen-${name} h1`);
  if (target instanceof HTMLElement) {
    if (!focus) target.tabIndex = -1;
    target.focus({ preventScroll: true });
  }
}

/**
 * Reflects whether a device or a mode is on in a toggle button, or in a menu's checkbox item
 * (role menuitemcheckbox: aria-checked instead of aria-pressed).
 * @param {HTMLButtonElement} button
 * @param {boolean} on
 */
export function setPressed(button, on) {
  const state = button.getAttribute('role') === 'menuitemcheckbox' ? 'aria-checked' : 'aria-pressed';
  button.setAttribute(state, on ? 'true' : 'false');
}
