// The background effects a participant can choose (off, blur, a few plain backgrounds drawn in the page), and where the choice is remembered: this browser's localStorage only, never the server.

/** @typedef {'off' | 'blur' | 'slate' | 'sand' | 'sage'} BackgroundMode */

/** In the order the settings list them; each has the catalogue key `background.<mode>`. */
export const kBackgroundModes = /** @type {const} */ (['off', 'blur', 'slate', 'sand', 'sage']);

/** The localStorage key; its value is one of kBackgroundModes. */
export const kBackgroundKey = 'vicos.background';

/** Plain backgrounds: a gradient from top to bottom, drawn here, so no picture ships. */
const kGradients = {
  slate: ['#3d4b5e', '#1f2833'],
  sand: ['#e6d8bd', '#b9a27d'],
  sage: ['#9bb5a0', '#4e6b57'],
};

/**
 * @param {unknown} value
 * @returns {value is BackgroundMode}
 */
export function isBackgroundMode(value) {
  return typeof value === 'string' && /** @type {readonly string[]} */ (kBackgroundModes).includes(value);
}

/** @returns {BackgroundMode} the remembered choice; 'off' when none, unreadable or storage is blocked */
export function loadBackgroundChoice() {
  try {
    const value = localStorage.getItem(kBackgroundKey);
    return isBackgroundMode(value) ? value : 'off';
  } catch {
    return 'off';
  }
}

/**
 * Remembers the choice in this browser; 'off' removes the entry, leaving nothing behind.
 * @param {BackgroundMode} mode
 */
export function saveBackgroundChoice(mode) {
  try {
    if (mode === 'off') localStorage.removeItem(kBackgroundKey);
    else localStorage.setItem(kBackgroundKey, mode);
  } catch {
    // Storage blocked: the choice lasts for this page only.
  }
}

/**
 * Paints a plain background over the whole context.
 * @param {CanvasRenderingContext2D} context
 * @param {'slate' | 'sand' | 'sage'} mode
 * @param {number} width
 * @param {number} height
 */
export function paintPlain(context, mode, width, height) {
  const [top, bottom] = kGradients[mode];
  const gradient = context.createLinearGradient(0, 0, 0, height);
  gradient.addColorStop(0, top);
  gradient.addColorStop(1, bottom);
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
}
