// Asking the server for a fresh media peer while signaling is up and ICE failed (docs/protocol.md "Reconnecting", `restart-media`): no more often than the server honours it, and not for ever.

/** `restart-media` is honoured at most every 5 s. */
const kMediaRestartIntervalMs = 5000;
/** Fresh media peers asked for in a row without one connecting, before giving up. */
const kMaxMediaRestarts = 4;

export class MediaRestarts {
  #count = 0;
  #last = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #timer;
  /** @type {{mayRestart: () => boolean, restart: () => void, giveUp: () => void}} */
  #hooks;

  /**
   * @param {object} hooks
   * @param {() => boolean} hooks.mayRestart whether asking makes sense now (joined, signaling up)
   * @param {() => void} hooks.restart sends `restart-media`
   * @param {() => void} hooks.giveUp called when restarts in a row never connected
   */
  constructor(hooks) {
    this.#hooks = hooks;
  }

  /** The media path failed: ask for a fresh peer as soon as the server allows. */
  failed() {
    if (!this.#hooks.mayRestart() || this.#timer !== undefined) return;
    if (this.#count >= kMaxMediaRestarts) {
      this.#hooks.giveUp();
      return;
    }
    const wait = Math.max(0, this.#last + kMediaRestartIntervalMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#hooks.mayRestart()) return;
      this.#count++;
      this.#last = Date.now();
      this.#hooks.restart();
    }, wait);
  }

  /** A media peer connected: the count starts again. */
  connected() {
    this.#count = 0;
  }

  stop() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
