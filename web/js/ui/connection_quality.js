// The connection indicator on each remote tile (good, poor, lost) with details on demand: bit rate, loss, resolution and frame rate of what arrives from that participant, read from getStats every two seconds.

import { bindText, t } from '../i18n.js';

/**
 * What arrived from one participant so far, summed over their audio and video downlinks.
 * @typedef {{at: number, bytes: number, packets: number, lost: number, frames: number, width: number, height: number}} Sample
 */

/**
 * @typedef {object} Rating
 * @property {'good' | 'poor' | 'lost'} quality
 * @property {number} kbps what arrived per second, all streams
 * @property {number} lossPercent packets lost of those sent in the interval
 * @property {number} width of the latest video frame, 0 without video
 * @property {number} height
 * @property {number} fps video frames decoded per second
 */

/** More lost than this is poor: speech gets choppy, video freezes between keyframes. */
export const kPoorLossPercent = 5;
/** Fewer video frames per second than this is poor (a shown video). */
export const kPoorFps = 12;

/**
 * Rates the interval between two samples of one participant.
 * @param {Sample} before
 * @param {Sample} now
 * @param {{audio: boolean, video: boolean}} expected which streams should be arriving (their microphone is on; their camera is on and shown here)
 * @returns {Rating}
 */
export function rate(before, now, expected) {
  const seconds = Math.max((now.at - before.at) / 1000, 0.001);
  const packets = Math.max(now.packets - before.packets, 0);
  const lost = Math.max(now.lost - before.lost, 0);
  const frames = Math.max(now.frames - before.frames, 0);
  const rating = {
    kbps: Math.round(((now.bytes - before.bytes) * 8) / seconds / 1000),
    lossPercent: packets + lost > 0 ? Math.round((lost / (packets + lost)) * 1000) / 10 : 0,
    width: now.width,
    height: now.height,
    fps: Math.round(frames / seconds),
  };
  /** @type {Rating['quality']} */
  let quality = 'good';
  if ((expected.audio || expected.video) && packets === 0) quality = 'lost';
  else if (rating.lossPercent > kPoorLossPercent || (expected.video && rating.fps < kPoorFps)) quality = 'poor';
  return { quality, ...rating };
}

/**
 * Sums what arrived per participant from a peer connection's receivers.
 * @param {RTCPeerConnection} pc
 * @param {Map<string, {participant: string, kind: string}>} streams mid → whose stream
 * @param {number} at milliseconds
 * @returns {Promise<Map<string, Sample>>}
 */
export async function sampleReceivers(pc, streams, at) {
  /** @type {Map<string, Sample>} */
  const samples = new Map();
  for (const transceiver of pc.getTransceivers()) {
    const stream = transceiver.mid === null ? undefined : streams.get(transceiver.mid);
    if (!stream || transceiver.currentDirection === 'inactive') continue;
    const sample = samples.get(stream.participant) ?? { at, bytes: 0, packets: 0, lost: 0, frames: 0, width: 0, height: 0 };
    samples.set(stream.participant, sample);
    (await transceiver.receiver.getStats()).forEach((/** @type {any} */ s) => {
      if (s.type !== 'inbound-rtp') return;
      sample.bytes += s.bytesReceived ?? 0;
      sample.packets += s.packetsReceived ?? 0;
      sample.lost += Math.max(s.packetsLost ?? 0, 0);
      if (stream.kind === 'video') {
        sample.frames += s.framesDecoded ?? 0;
        sample.width = Math.max(sample.width, s.frameWidth ?? 0);
        sample.height = Math.max(sample.height, s.frameHeight ?? 0);
      }
    });
  }
  return samples;
}

/**
 * Shows a rating on a tile's indicator: its state for the eye (bars) and for screen readers,
 * and the figures in the details line.
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} details
 * @param {Rating} rating
 */
export function showRating(button, details, rating) {
  button.dataset.quality = rating.quality;
  bindText(button, `signal.${rating.quality}`, undefined, 'aria-label');
  const parts = [t('signal.kbps', { kbps: String(rating.kbps) }), t('signal.loss', { percent: String(rating.lossPercent) })];
  if (rating.width > 0) {
    parts.push(`${rating.width}×${rating.height}`, t('signal.fps', { fps: String(rating.fps) }));
  }
  details.textContent = parts.join(' · ');
}
