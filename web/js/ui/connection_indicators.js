// Every two seconds, rates what arrives from each remote participant (connection_quality.js) and shows it on their tile.

import { rate, sampleReceivers } from './connection_quality.js';

/** @typedef {import('./connection_quality.js').Sample} Sample */
/** @typedef {import('./connection_quality.js').Rating} Rating */

const kIntervalMs = 2000;

export class ConnectionIndicators {
  /** @type {() => {pc: RTCPeerConnection, streams: Map<string, {participant: string, kind: string}>} | null} */
  #peer;
  /** @type {(id: string) => {audio: boolean, video: boolean}} */
  #expected;
  /** @type {(id: string, rating: Rating | null) => void} */
  #show;
  /** @type {Map<string, Sample>} */
  #last = new Map();
  /** @type {ReturnType<typeof setInterval> | null} */
  #timer = null;

  /**
   * @param {() => {pc: RTCPeerConnection, streams: Map<string, {participant: string, kind: string}>} | null} peer the current media peer
   * @param {(id: string) => {audio: boolean, video: boolean}} expected what should arrive from a participant now
   * @param {(id: string, rating: Rating | null) => void} show null: nothing to rate yet
   */
  constructor(peer, expected, show) {
    this.#peer = peer;
    this.#expected = expected;
    this.#show = show;
  }

  start() {
    this.stop();
    this.#timer = setInterval(() => void this.#measure(), kIntervalMs);
  }

  stop() {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#last.clear();
  }

  async #measure() {
    const peer = this.#peer();
    if (!peer) return;
    const samples = await sampleReceivers(peer.pc, peer.streams, performance.now());
    for (const [id, sample] of samples) {
      const before = this.#last.get(id);
      // A new media peer starts its counters at zero: the next interval rates it.
      this.#show(id, before && sample.packets >= before.packets ? rate(before, sample, this.#expected(id)) : null);
      this.#last.set(id, sample);
    }
    for (const id of [...this.#last.keys()]) if (!samples.has(id)) this.#last.delete(id);
  }
}
