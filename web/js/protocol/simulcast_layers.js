// How the camera's simulcast encodings are set for the picture the camera actually gives: as many layers as its size carries, the top one always at full size.

/** One simulcast layer of the camera uplink. @typedef {import('./signaling.js').EncodingInfo} EncodingInfo */

/**
 * Pictures at least this many pixels carry three layers, at least this many two, smaller ones
 * one. Chromium holds the same limits (960x540 and 480x270) and drops the encodings above them
 * from the top, so a 640x480 camera sent with scales 4, 2, 1 would never send its full size.
 */
const kThreeLayerPixels = 960 * 540;
const kTwoLayerPixels = 480 * 270;

/**
 * How many simulcast layers a picture of that size carries.
 * @param {number} width
 * @param {number} height
 * @param {number} offered the number of layers the server offered
 */
export function layerCount(width, height, offered) {
  if (!(width > 0 && height > 0)) return offered;
  const pixels = width * height;
  const fits = pixels >= kThreeLayerPixels ? 3 : pixels >= kTwoLayerPixels ? 2 : 1;
  return Math.min(fits, offered);
}

/**
 * The settings of each of the sender's encodings, in rid order: the first `n` take the server's
 * top `n` layers (their scales relative to the top one, and their rate caps), the rest are off.
 * `sending` (dynacast, docs/protocol.md "layers") turns off all but the lowest `sending` too.
 * @param {EncodingInfo[]} layers the server's layers, lowest first
 * @param {number} width the capture's width (0 when unknown)
 * @param {number} height
 * @param {number} sending
 * @returns {{scaleResolutionDownBy: number, maxBitrate: number, active: boolean}[]}
 */
export function encodingSettings(layers, width, height, sending) {
  const n = layerCount(width, height, layers.length);
  const top = layers[layers.length - 1];
  return layers.map((_, i) => {
    const layer = layers[Math.min(layers.length - n + i, layers.length - 1)];
    return {
      scaleResolutionDownBy: i < n ? layer.scaleResolutionDownBy / top.scaleResolutionDownBy : 1,
      maxBitrate: layer.maxBitrate,
      active: i < n && i < sending,
    };
  });
}
