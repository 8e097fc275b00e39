// The page side of media encryption: feature detection, the transform worker, attaching transforms to senders and receivers, and the key sink for E2eeSession.

/** @typedef {import('./media_cryptor.js').MediaStats} MediaStats */
/** @typedef {import('./transform_worker.js').TransformOptions} TransformOptions */

/** @typedef {'script-transform' | 'encoded-streams'} TransformMode */

/**
 * Which encoded-transform API this browser offers, or null if it cannot take part encrypted
 * (also without WebCrypto, i.e. outside a secure context).
 * @returns {TransformMode | null}
 */
export function e2eeSupported() {
  if (typeof crypto === 'undefined' || !crypto.subtle) return null;
  // Chromium has both; its script transforms were seen to leave video senders unencrypted (a
  // transform set on the camera's sender got no frames), so its encoded streams come first.
  if (typeof RTCRtpSender !== 'undefined' && 'createEncodedStreams' in RTCRtpSender.prototype) return 'encoded-streams';
  if (typeof RTCRtpScriptTransform === 'function') return 'script-transform';
  return null;
}

/**
 * @typedef {object} EncodedStreamsEndpoint Chromium's createEncodedStreams(), absent from the DOM library
 * @property {() => {readable: ReadableStream, writable: WritableStream}} createEncodedStreams
 */

export class MediaTransforms {
  /** @type {TransformMode} */
  mode;
  /** @type {Worker} */
  #worker;
  /** Senders and receivers already given a transform (each can take only one). @type {WeakSet<object>} */
  #attached = new WeakSet();
  /** Receive transforms' slots and whose frames they carry now (null: an audio slot). @type {WeakMap<object, {slot: number, participant: string | null}>} */
  #receivers = new WeakMap();
  /** The mid of each audio slot's receive transform, by transform slot. @type {Map<number, string>} */
  #audioSlots = new Map();
  #nextSlot = 0;
  #nextStatsId = 0;
  /** @type {Map<number, (stats: MediaStats) => void>} */
  #pendingStats = new Map();
  /**
   * Frames from this participant were dropped for want of a key.
   * @type {(participant: string) => void}
   */
  onMissingKey = () => {};
  /**
   * The key that was missing for this participant arrived: ask the server for a keyframe.
   * @type {(participant: string) => void}
   */
  onKeyReady = () => {};
  /**
   * An audio slot (by mid) now carries this participant, as its frames say.
   * @type {(mid: string, participant: string) => void}
   */
  onSlotSender = () => {};

  /**
   * @param {TransformMode} mode from e2eeSupported()
   * @param {string | URL} [workerUrl]
   */
  constructor(mode, workerUrl = new URL('./transform_worker.js', import.meta.url)) {
    this.mode = mode;
    this.#worker = new Worker(workerUrl, { type: 'module', name: 'vicos-e2ee' });
    this.#worker.addEventListener('message', (event) => {
      const m = event.data;
      if (m?.type === 'missing-key') this.onMissingKey(m.participant);
      else if (m?.type === 'key-ready') this.onKeyReady(m.participant);
      else if (m?.type === 'slot-sender') {
        const mid = this.#audioSlots.get(m.slot);
        if (mid !== undefined) this.onSlotSender(mid, m.participant);
      }
      else if (m?.type === 'stats') {
        this.#pendingStats.get(m.id)?.(m.stats);
        this.#pendingStats.delete(m.id);
      }
    });
  }

  /**
   * Fields to add to the RTCPeerConnection configuration (Chromium needs
   * `encodedInsertableStreams: true` for createEncodedStreams).
   * @returns {Record<string, unknown>}
   */
  peerConfig() {
    return this.mode === 'encoded-streams' ? { encodedInsertableStreams: true } : {};
  }

  /**
   * Encrypts what this sender sends; call once per uplink sender before media flows.
   * @param {RTCRtpSender} sender
   * @param {string} label 'audio', 'video' or 'screen' (one label per sender)
   */
  attachSender(sender, label) {
    this.#attach(sender, { side: 'send', label });
  }

  /**
   * Decrypts what this receiver gets; call from the `track` event.
   * @param {RTCRtpReceiver} receiver
   * @param {string} label the sending track's label
   * @param {string | null} participant whose track it is; null for an audio slot, which carries
   *   whoever its frames name (reported through onSlotSender)
   * @param {string} [mid] an audio slot's mid
   */
  attachReceiver(receiver, label, participant, mid) {
    const known = this.#receivers.get(receiver);
    if (known) {
      // A recycled m-line: the same receiver now carries a newcomer's frames.
      if (known.participant !== participant && participant !== null) {
        this.#worker.postMessage({ type: 'retarget', slot: known.slot, participant });
        known.participant = participant;
      }
      return;
    }
    const slot = this.#nextSlot++;
    this.#receivers.set(receiver, { slot, participant });
    if (participant === null) this.#audioSlots.set(slot, mid ?? '');
    this.#attach(receiver, { side: 'receive', label, ...(participant === null ? {} : { participant }), slot });
  }

  // ---- KeySink (e2ee_session.js) ----

  /**
   * @param {number} index
   * @param {CryptoKey} secret
   * @param {number} tag own sender tag
   */
  setSendKey(index, secret, tag) {
    this.#worker.postMessage({ type: 'send-key', index, secret, tag });
  }

  /**
   * @param {string} participant
   * @param {number} index
   * @param {CryptoKey} secret
   * @param {number} tag the participant's sender tag
   */
  setReceiveKey(participant, index, secret, tag) {
    this.#worker.postMessage({ type: 'receive-key', participant, index, secret, tag });
  }

  /** @param {string} participant */
  removeParticipant(participant) {
    this.#worker.postMessage({ type: 'remove', participant });
  }

  /**
   * Pass one participant's frames (or, with null, our own) unencrypted: only after a moderator
   * let someone in who cannot take part encrypted.
   * @param {string | null} participant
   * @param {boolean} plain
   */
  setPlain(participant, plain) {
    this.#worker.postMessage({ type: 'plain', participant, plain });
  }

  /** @returns {Promise<MediaStats>} */
  stats() {
    const id = this.#nextStatsId++;
    return new Promise((resolve) => {
      this.#pendingStats.set(id, resolve);
      this.#worker.postMessage({ type: 'stats', id });
    });
  }

  close() {
    this.#worker.terminate();
  }

  /**
   * @param {RTCRtpSender | RTCRtpReceiver} endpoint
   * @param {TransformOptions} options
   */
  #attach(endpoint, options) {
    if (this.#attached.has(endpoint)) return;
    this.#attached.add(endpoint);
    if (this.mode === 'script-transform') {
      endpoint.transform = new RTCRtpScriptTransform(this.#worker, options);
      return;
    }
    const { readable, writable } = /** @type {EncodedStreamsEndpoint} */ (/** @type {unknown} */ (endpoint)).createEncodedStreams();
    this.#worker.postMessage({ type: 'streams', readable, writable, options }, [readable, writable]);
  }
}
