// The speaker chosen in the settings: HTMLMediaElement.setSinkId on every remote element that plays sound, where the browser has it.

export class SpeakerOutput {
  /** Whether this browser can choose the output device (Firefox ESR may not). */
  supported = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  /** The chosen output device, '' for the browser's default; kept in the page only. */
  sinkId = '';
  /** @type {() => HTMLMediaElement[]} */
  #elements;

  /** @param {() => HTMLMediaElement[]} elements every remote media element present now */
  constructor(elements) {
    this.#elements = elements;
  }

  /**
   * Sends every remote element's sound to that device, and those created later (`apply`).
   * @param {string} sinkId
   */
  async choose(sinkId) {
    this.sinkId = sinkId;
    await Promise.all(this.#elements().map((element) => this.apply(element)));
  }

  /**
   * Applies the chosen device to one element; a device that vanished leaves the default.
   * Muted elements (the tiles' and screens' videos, whose sound plays through the audio
   * elements) are skipped: Chromium refuses setSinkId on a video without sound (AbortError).
   * @param {HTMLMediaElement} element
   */
  async apply(element) {
    if (!this.supported || element.muted || element.sinkId === this.sinkId) return;
    await element.setSinkId(this.sinkId).catch(() => {});
  }
}
