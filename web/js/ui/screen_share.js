// Sharing our own screen: the toolbar button, the browser's picker (the user chooses a window, tab or screen, P34), and stopping when the browser or a moderator ends it.

import { byId, setPressed } from './dom.js';

/** @typedef {import('../protocol/session.js').Session} Session */

export class ScreenShare {
  button = byId('meeting-screen', HTMLButtonElement);
  // On a phone the toolbar has no room for the button: the "More" menu's item stands in (CSS).
  #item = byId('meeting-screen-item', HTMLButtonElement);
  /** @type {MediaStreamTrack | null} */
  #track = null;
  /** @type {() => Session | null} */
  #session;

  /**
   * @param {() => Session | null} session
   * @param {(code: string) => void} onError
   */
  constructor(session, onError) {
    this.#session = session;
    this.button.hidden = !navigator.mediaDevices?.getDisplayMedia;
    this.#item.hidden = this.button.hidden;
    for (const control of [this.button, this.#item]) {
      control.addEventListener('click', () => {
        this.toggle().catch(() => onError('device-failed'));
      });
    }
  }

  /** @param {boolean} allowed moderation lets this participant share; stops a running share if not */
  setAllowed(allowed) {
    this.button.disabled = !allowed;
    this.#item.disabled = !allowed;
    if (!allowed && this.#track) this.toggle().catch(() => {});
  }

  /** Starts or stops sharing. */
  async toggle() {
    const session = this.#session();
    if (!session) return;
    if (this.#track) {
      const track = this.#track;
      this.#track = null;
      await session.setTrack('screen', null);
      track.stop();
      this.#setPressed(false);
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
    } catch {
      return;  // the user cancelled the picker
    }
    const track = stream.getVideoTracks()[0];
    if (!track) return;
    track.contentHint = 'detail';
    this.#track = track;
    // The browser's own "stop sharing" ends the track.
    track.addEventListener('ended', () => {
      if (this.#track === track) this.toggle().catch(() => {});
    });
    await session.setTrack('screen', track);
    this.#setPressed(true);
  }

  /** @param {boolean} on */
  #setPressed(on) {
    setPressed(this.button, on);
    setPressed(this.#item, on);
  }

  /** Stops the share without telling the session (it is gone). */
  clear() {
    this.button.disabled = false;
    this.#item.disabled = false;
    this.#track?.stop();
    this.#track = null;
    this.#setPressed(false);
  }
}
