// What the meeting screen tells the person beside the tiles: the dismissable alert banner, the connection banner, and the screen reader's live region.

import { bindText } from '../i18n.js';
import { byId } from './dom.js';
import { showError } from './errors.js';

export class MeetingNotices {
  #alert = byId('meeting-alert', HTMLDivElement);
  #alertText = byId('meeting-alert-text', HTMLSpanElement);
  #connection = byId('meeting-connection', HTMLDivElement);
  #connectionText = byId('meeting-connection-text', HTMLSpanElement);
  #announcer = byId('announcer', HTMLParagraphElement);
  #path = byId('meeting-path', HTMLDivElement);
  #pathText = byId('meeting-path-text', HTMLSpanElement);

  constructor() {
    byId('meeting-alert-dismiss', HTMLButtonElement).addEventListener('click', () => this.showAlert(null));
  }

  /** @param {string | null} code an error code, or null to hide the banner */
  showAlert(code) {
    showError(this.#alertText, code);
    this.#alert.hidden = code === null;
  }

  /**
   * The connection banner (role=status), for the state of the link to the server while the
   * meeting goes on, e.g. "reconnecting…"; null hides it. Reconnect handling drives it.
   * @param {string | null} key catalogue key of the text
   */
  showConnection(key) {
    if (key !== null) bindText(this.#connectionText, key);
    this.#connection.hidden = key === null;
  }

  /**
   * Says which way the media goes when it is not direct UDP (TCP, or the TURN relay over UDP,
   * TCP or TLS), so that people know why quality may suffer; hidden for direct UDP.
   * @param {import('../protocol/media_path.js').MediaPath | null} path
   */
  showPath(path) {
    if (path !== null && path !== 'udp') bindText(this.#pathText, `meeting.path.${path}`);
    this.#path.hidden = path === null || path === 'udp';
  }

  /**
   * Reads a text out through the live region.
   * @param {string} text
   */
  announce(text) {
    // Re-setting the same text would not be announced again; a changing suffix would be read.
    this.#announcer.removeAttribute('data-i18n');
    this.#announcer.textContent = this.#announcer.textContent === text ? `${text}\u00a0` : text;
  }

  /** Hides both banners and empties the live region (between meetings). */
  clear() {
    this.showAlert(null);
    this.showConnection(null);
    this.showPath(null);
    this.#announcer.textContent = '';
  }
}
