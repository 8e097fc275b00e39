// The client's RTCPeerConnection: answers the server's offers, sends the local tracks on mids 0 and 1, and names incoming tracks by participant.

import { mediaPath, turnIceServers } from './media_path.js';
import { encodingSettings } from './simulcast_layers.js';

/** @typedef {import('./signaling.js').OfferMessage} OfferMessage */
/** @typedef {import('./signaling.js').StreamInfo} StreamInfo */
/** @typedef {import('./signaling.js').EncodingInfo} EncodingInfo */

/** The uplink m-lines are always the first three of every offer (docs/protocol.md "Media model"). */
export const kUplinkMid = /** @type {const} */ ({ audio: '0', video: '1', screen: '2' });

/** @typedef {'audio' | 'video' | 'screen'} TrackKind */
/** @typedef {import('../e2ee/media_transform.js').MediaTransforms} MediaTransforms */

/**
 * @typedef {object} PeerCallbacks
 * @property {(sdp: string, offerId: number) => void} sendAnswer
 * @property {(participant: string, kind: TrackKind, track: MediaStreamTrack) => void} onTrack
 * @property {(mid: string, track: MediaStreamTrack) => void} onSlotAudio an audio slot's track: it
 *   carries one of the loudest others at a time, never ourselves
 * @property {() => void} onFailed the media connection failed, or stayed disconnected for kDisconnectedMs
 * @property {() => void} [onConnected] the media connection is up
 * @property {(path: import('./media_path.js').MediaPath | null) => void} [onPath] the path ICE chose
 */

/** How long ICE may stay `disconnected` before the connection counts as failed. */
export const kDisconnectedMs = 5000;

export class Peer {
  /** @type {RTCPeerConnection} */
  pc;
  /** mid → whose track and which kind, from the latest offer's `streams`. @type {Map<string, StreamInfo>} */
  streams = new Map();
  /** @type {Record<TrackKind, MediaStreamTrack | null>} */
  #tracks = { audio: null, video: null, screen: null };
  /** Offers are handled one after the other, in arrival order. */
  #queue = Promise.resolve();
  /** @type {PeerCallbacks} */
  #callbacks;
  #closed = false;
  /** @type {MediaTransforms | null} */
  #transforms;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #disconnectTimer;
  /** An offer was given to this peer connection (a `fresh` offer then needs a new one). */
  used = false;
  /** The camera's simulcast layers from the latest offer, lowest first. @type {EncodingInfo[]} */
  #layers = [];
  /** Whether the browser takes temporal layers (scalabilityMode); false after it refused. */
  #temporal = true;
  /** How many encodings each video uplink may send (dynacast); all until the server says. */
  #activeLayers = { video: Infinity, screen: Infinity };

  /**
   * @param {PeerCallbacks} callbacks
   * @param {MediaTransforms | null} [transforms] encrypt every uplink, decrypt every downlink (docs/e2ee.md)
   */
  constructor(callbacks, transforms = null) {
    this.#callbacks = callbacks;
    this.#transforms = transforms;
    // No STUN or TURN servers: the server is ICE-lite and its candidates are in its offer, and
    // the client must not contact anyone else (privacy).
    this.pc = new RTCPeerConnection(/** @type {RTCConfiguration} */ ({
      iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', ...transforms?.peerConfig(),
    }));
    this.pc.addEventListener('track', (event) => this.#onTrack(event));
    this.pc.addEventListener('connectionstatechange', () => {
      const state = this.pc.connectionState;
      clearTimeout(this.#disconnectTimer);
      if (this.#closed) return;
      if (state === 'failed') this.#callbacks.onFailed();
      if (state === 'connected') {
        this.#callbacks.onConnected?.();
        mediaPath(this.pc).then((path) => this.#callbacks.onPath?.(path)).catch(() => {});
      }
      if (state === 'disconnected') {
        this.#disconnectTimer = setTimeout(() => {
          if (!this.#closed && this.pc.connectionState === 'disconnected') this.#callbacks.onFailed();
        }, kDisconnectedMs);
      }
    });
  }

  /**
   * Queues the answer to an offer; errors are reported through the returned promise but never
   * stop later offers from being answered.
   * @param {OfferMessage} offer
   * @returns {Promise<void>}
   */
  handleOffer(offer) {
    this.used = true;
    const run = this.#queue.then(() => this.#answer(offer));
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * Sends a track (or nothing) on the uplink of that kind without renegotiating.
   * @param {TrackKind} kind
   * @param {MediaStreamTrack | null} track
   */
  async setTrack(kind, track) {
    this.#tracks[kind] = track;
    const transceiver = this.#uplink(kind);
    if (!transceiver) return;
    await transceiver.sender.replaceTrack(track);
    // Another camera may give another picture size, and so another number of layers.
    if (kind === 'video' && track) await this.#applyEncodings(kind);
  }

  close() {
    this.#closed = true;
    clearTimeout(this.#disconnectTimer);
    this.pc.close();
  }

  /** @param {OfferMessage} offer */
  async #answer(offer) {
    if (this.#closed) return;
    // The map must be up to date before setRemoteDescription fires `track` events.
    this.streams = new Map(offer.streams.map((s) => [s.mid, s]));
    // The built-in TURN server, for networks where direct UDP and TCP both fail; set before the
    // answer starts gathering (docs/protocol.md "offer").
    if (offer.turn) {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers: turnIceServers(offer.turn, location) });
    }
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    for (const kind of /** @type {const} */ (['audio', 'video', 'screen'])) {
      const transceiver = this.#uplink(kind);
      if (!transceiver) continue;
      // Always sendonly, with or without a device (docs/protocol.md "Media model").
      transceiver.direction = 'sendonly';
      // Each uplink encrypts under its own label; attachSender ignores a sender seen before.
      this.#transforms?.attachSender(transceiver.sender, kind);
      if (transceiver.sender.track !== this.#tracks[kind]) {
        await transceiver.sender.replaceTrack(this.#tracks[kind]);
      }
    }
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    const sdp = this.pc.localDescription?.sdp ?? answer.sdp ?? '';
    if (!this.#closed) this.#callbacks.sendAnswer(sdp, offer.offerId);
    if (offer.encodings?.length) this.#layers = offer.encodings;
    for (const kind of /** @type {const} */ (['video', 'screen'])) await this.#applyEncodings(kind);
  }

  /**
   * Dynacast (docs/protocol.md "layers"): the uplink sends only its `count` lowest encodings,
   * none when 0, because no page shows more of it.
   * @param {'video' | 'screen'} kind
   * @param {number} count
   */
  async setActiveLayers(kind, count) {
    this.#activeLayers[kind] = count;
    await this.#applyEncodings(kind);
  }

  /**
   * Sets the uplink's encodings: which are active (dynacast) and, for a simulcast camera, each
   * one's size and rate for the picture the camera gives (simulcast_layers.js). Three temporal
   * layers where the browser takes them (Chromium; Firefox keeps its default). The list of
   * rids, made from the offer's a=rid lines, never changes (W3C webrtc-pc).
   * @param {'video' | 'screen'} kind
   */
  async #applyEncodings(kind) {
    const sender = this.#uplink(kind)?.sender;
    if (!sender) return;
    const count = this.#activeLayers[kind];
    const layers = kind === 'video' ? this.#layers : [];
    const settings = sender.track?.getSettings() ?? {};
    const wanted = layers.length
      ? encodingSettings(layers, settings.width ?? 0, settings.height ?? 0, count)
      : undefined;
    /** @param {boolean} temporal */
    const apply = (temporal) => {
      // Parameters are valid for setParameters only in the task that read them (webrtc-pc).
      const params = sender.getParameters();
      let changed = false;
      (params.encodings ?? []).forEach((encoding, i) => {
        // By rid where the offer named layers; the browser keeps their order anyway.
        const layer = layers.findIndex((l) => l.rid === encoding.rid);
        const want = wanted?.[layer] ?? { active: i < count };
        for (const [key, value] of Object.entries(want)) {
          if (/** @type {any} */ (encoding)[key] === value) continue;
          /** @type {any} */ (encoding)[key] = value;
          changed = true;
        }
        if (wanted && temporal && /** @type {any} */ (encoding).scalabilityMode !== 'L1T3') {
          /** @type {any} */ (encoding).scalabilityMode = 'L1T3';
          changed = true;
        }
      });
      return changed ? sender.setParameters(params) : Promise.resolve();
    };
    await apply(this.#temporal).catch(() => {
      this.#temporal = false;
      return apply(false);
    }).catch(() => {});
  }

  /**
   * @param {TrackKind} kind
   * @returns {RTCRtpTransceiver | undefined}
   */
  #uplink(kind) {
    return this.pc.getTransceivers().find((t) => t.mid === kUplinkMid[kind]);
  }

  /** @param {RTCTrackEvent} event */
  #onTrack(event) {
    const mid = event.transceiver.mid;
    const stream = mid === null ? undefined : this.streams.get(mid);
    if (!stream) return;
    if (stream.kind === 'audio' && !stream.participant) {
      // Whose frames an audio slot carries, each frame's key says (docs/e2ee.md "Frames").
      this.#transforms?.attachReceiver(event.receiver, 'audio', null, stream.mid);
      this.#callbacks.onSlotAudio(stream.mid, event.track);
      return;
    }
    this.#transforms?.attachReceiver(event.receiver, stream.kind, stream.participant);
    this.#callbacks.onTrack(stream.participant, stream.kind, event.track);
  }
}
