// The room's door as the client sees it (docs/protocol.md "Lobby, lock and PIN"): the access settings, the people knocking or waiting for the PIN with their decrypted names, and the moderator's commands.

/** @typedef {import('./signaling.js').SignalingClient} SignalingClient */

/**
 * Someone knocking as the UI shows them: `name` decrypted with the link's secret, or null when
 * it could not be (then `e2ee` tells whether it was a plain name); `encryptedName` as the server
 * listed it ('' for a plain name). `plainMedia`: their browser cannot encrypt media, so admitting
 * them ends media encryption for everyone (docs/e2ee.md).
 * @typedef {{id: string, name: string | null, encryptedName: string, e2ee: boolean,
 *   plainMedia: boolean}} Knocker
 */

/** @typedef {{lobby: boolean, locked: boolean, pin: boolean}} Access */

export class Door {
  /** @type {Access} */
  access = { lobby: false, locked: false, pin: false };
  /** Everyone knocking, in the order they came; only moderators hear of them. @type {Knocker[]} */
  knocking = [];
  /** Everyone waiting for the meeting PIN, in the order they came; a moderator may deny them. @type {Knocker[]} */
  pinWaiting = [];
  #signaling;
  #decryptName;
  #onChange;
  /** Lists can overtake each other while names decrypt: only the newest is applied. */
  #generation = 0;
  /**
   * We admitted someone who cannot encrypt media: the end-to-end decision is the encryption's
   * to make (docs/e2ee.md "Participants who cannot encrypt media").
   * @type {(id: string, encryptedName: string) => void}
   */
  onAdmitPlain = () => {};

  /**
   * @param {SignalingClient} signaling
   * @param {(ciphertext: string) => Promise<string | null>} decryptName
   * @param {() => void} onChange access or the knocking list changed
   */
  constructor(signaling, decryptName, onChange) {
    this.#signaling = signaling;
    this.#decryptName = decryptName;
    this.#onChange = onChange;
    signaling.on('room-access', ({ lobby, locked, pin }) => {
      this.access = { lobby, locked, pin };
      this.#onChange();
    });
    signaling.on('lobby', ({ knocking, waitingForPin = [] }) => {
      const generation = ++this.#generation;
      Promise.all([this.#readable(knocking), this.#readable(waitingForPin)]).then(([knockers, pinWaiters]) => {
        if (generation !== this.#generation) return;
        this.knocking = knockers;
        this.pinWaiting = pinWaiters;
        this.#onChange();
      });
    });
  }

  /**
   * The people of a `lobby` list with their names decrypted where they can be.
   * @param {import('./signaling.js').Knock[]} people
   * @returns {Promise<Knocker[]>}
   */
  #readable(people) {
    return Promise.all(people.map(async (k) => ({
      id: k.id,
      e2ee: k.e2ee,
      plainMedia: k.plainMedia === true,
      encryptedName: k.e2ee ? k.name : '',
      name: k.e2ee ? await this.#decryptName(k.name).catch(() => null) : k.name,
    })));
  }

  /** @param {{lobby?: boolean, locked?: boolean, pin?: string}} change `pin: ''` clears it */
  setAccess(change) {
    return this.#signaling.send({ type: 'room-access', ...change });
  }

  /**
   * @param {string} id
   * @param {boolean} [plainMedia] the moderator accepts that media is then not end-to-end
   *   encrypted; the server refuses to admit someone knocking with `plainMedia` without it
   */
  admit(id, plainMedia = false) {
    if (!plainMedia) return this.#signaling.send({ type: 'admit', participant: id });
    // Without the link (a plain name) they cannot announce, so no decision will follow.
    const knocker = this.knocking.find((k) => k.id === id && k.e2ee);
    if (knocker) this.onAdmitPlain(id, knocker.encryptedName);
    return this.#signaling.send({ type: 'admit', participant: id, plainMedia });
  }

  /** @param {string} id someone knocking or waiting for the PIN */
  deny(id) {
    return this.#signaling.send({ type: 'deny', participant: id });
  }

  admitAll() {
    return this.#signaling.send({ type: 'admit-all' });
  }

  /** @param {string} pin an attempt while waiting with reason `pin` */
  sendPin(pin) {
    return this.#signaling.send({ type: 'pin', pin });
  }
}
