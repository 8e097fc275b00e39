// The meeting's encryption indicator: always-visible text saying whether the meeting is end-to-end encrypted, the safety code to compare, and a warning naming anyone who joined unencrypted or was admitted with media in clear, and the moderator who decided so (docs/e2ee.md).

import { bindText } from '../i18n.js';
import { byId } from './dom.js';

/** @typedef {import('../protocol/encryption.js').EncryptionStatus} EncryptionStatus */

export class E2eeStatusView {
  #box = byId('e2ee', HTMLDetailsElement);
  #summary = byId('e2ee-summary', HTMLElement);
  #code = byId('e2ee-code', HTMLParagraphElement);
  #compared = byId('e2ee-compared', HTMLButtonElement);
  #plain = byId('e2ee-plain', HTMLParagraphElement);
  /** The code the user marked compared; a changed code (someone joined or left) needs a new look. */
  #comparedCode = '';
  /** @type {EncryptionStatus | null} */
  #status = null;
  /** @type {(id: string) => string} */
  #nameOf = (id) => id;

  constructor() {
    this.#compared.addEventListener('click', () => {
      if (!this.#status?.safetyCode) return;
      this.#comparedCode = this.#comparedCode === this.#status.safetyCode ? '' : this.#status.safetyCode;
      this.#render();
    });
  }

  /**
   * @param {EncryptionStatus} status
   * @param {(id: string) => string} nameOf
   */
  update(status, nameOf) {
    this.#status = status;
    this.#nameOf = nameOf;
    this.#render();
  }

  clear() {
    this.#status = null;
    this.#comparedCode = '';
    this.#box.open = false;
    this.#render();
  }

  #render() {
    const status = this.#status;
    const plain = status?.plain ?? [];
    const plainSelf = status?.plainSelf ?? false;
    const names = plain.map((id) => this.#nameOf(id)).join(', ');
    const compared = status !== null && status.safetyCode !== '' && status.safetyCode === this.#comparedCode;
    const notEncrypted = plain.length > 0 || plainSelf || status?.mediaEncrypted === false;
    const undecided = (status?.undecided ?? []).map((id) => this.#nameOf(id)).join(', ');
    this.#box.dataset.state = notEncrypted ? 'plain' : !status?.verified ? 'pending' : compared ? 'compared' : 'verified';
    // Whoever made the meeting lose end-to-end encryption is named (P5).
    if (plainSelf) bindText(this.#summary, 'e2ee.status-plain-self');
    else if (notEncrypted) bindText(this.#summary, 'e2ee.status-plain', { names });
    else if (!status?.verified) bindText(this.#summary, 'e2ee.status-pending');
    else bindText(this.#summary, compared ? 'e2ee.status-compared' : 'e2ee.status-verified');
    this.#code.textContent = status?.safetyCode ?? '';
    this.#compared.setAttribute('aria-pressed', String(compared));
    this.#compared.disabled = !status?.safetyCode;
    this.#plain.hidden = !notEncrypted && !undecided;
    const moderators = (status?.admittedBy ?? []).join(', ');
    if (plainSelf) bindText(this.#plain, 'e2ee.plain-self-warning', names ? { names } : undefined);
    else if (status?.mediaEncrypted === false) {
      bindText(this.#plain, 'e2ee.plain-media-warning', { names, moderators });
    }
    else if (notEncrypted) bindText(this.#plain, 'e2ee.plain-warning', { names });
    // Someone who cannot encrypt media is here without a decision we could verify: nothing
    // changes for us, but their tile stays dark, and the user should know why.
    else if (undecided) bindText(this.#plain, 'e2ee.plain-undecided', { names: undecided });
  }
}
