// Microphone and camera: opened only when the user turns them on, stopped when turned off so the camera light goes out; the camera passes through the chosen background effect before anything shows or sends it.

import { BackgroundProcessor } from './background/processor.js';
import { loadBackgroundChoice, saveBackgroundChoice } from './background/modes.js';

/** @typedef {'audio' | 'video'} MediaKind */
/** @typedef {import('./background/modes.js').BackgroundMode} BackgroundMode */

/** Error from `openDevice()` with a code for the error catalogue (`device-…`, `background-failed`). */
export class DeviceError extends Error {
  /** @param {'device-denied' | 'device-missing' | 'device-failed' | 'background-failed'} code */
  constructor(code) {
    super(code);
    this.code = code;
  }
}

/**
 * Opens one device and returns its track.
 * @param {MediaKind} kind
 * @param {string} [deviceId] a device chosen in the settings; '' for the browser's default
 * @returns {Promise<MediaStreamTrack>}
 */
export async function openDevice(kind, deviceId = '') {
  const device = deviceId === '' ? {} : { deviceId: { exact: deviceId } };
  /** @type {MediaStreamConstraints} */
  const constraints = kind === 'audio'
    ? { audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, ...device } }
    : { video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24, max: 30 }, ...device } };
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(constraints);
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new DeviceError('device-denied');
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new DeviceError('device-missing');
    throw new DeviceError('device-failed');
  }
  const track = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
  if (!track) throw new DeviceError('device-missing');
  return track;
}

/**
 * The local devices the user turned on. Shared by the pre-join and meeting screens so that what
 * was chosen before joining is what gets sent.
 */
export class LocalMedia {
  /**
   * What is shown and sent: the microphone, and the camera or, with a background effect on, the
   * processed camera.
   * @type {{audio: MediaStreamTrack | null, video: MediaStreamTrack | null}}
   */
  tracks = { audio: null, video: null };
  /** The devices chosen in the settings ('' = the browser's default); kept in the page only. */
  chosen = { audio: '', video: '' };
  /** The background effect, remembered in this browser only (web/js/background/modes.js). */
  background = loadBackgroundChoice();
  /** @type {MediaStreamTrack | null} the camera itself while on */
  #camera = null;
  /** @type {BackgroundProcessor | null} the effect between the camera and `tracks.video` */
  #processor = null;
  /** @type {Set<(kind: MediaKind, track: MediaStreamTrack | null) => void>} */
  #listeners = new Set();

  /** @param {(kind: MediaKind, track: MediaStreamTrack | null) => void} listener */
  onChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Turns a device on or off; rejects with a DeviceError if it cannot be opened (or, for the
   * camera, if the chosen background effect cannot run: then nothing of the camera is sent).
   * @param {MediaKind} kind
   * @param {boolean} on
   */
  async set(kind, on) {
    if (on === (this.tracks[kind] !== null)) return;
    if (!on) {
      this.#turnOff(kind);
      return;
    }
    const device = await this.#open(kind);
    if (kind === 'audio') {
      this.#change(kind, device);
      return;
    }
    const processor = await this.#effectFor(device);
    this.#camera = device;
    this.#processor = processor;
    this.#change(kind, processor?.track ?? device);
  }

  /**
   * The device whose track is in use, or '' if none.
   * @param {MediaKind} kind
   */
  deviceIdOf(kind) {
    const track = kind === 'video' ? this.#camera : this.tracks.audio;
    return track?.getSettings().deviceId ?? '';
  }

  /**
   * Chooses the background effect and remembers it in this browser. With the camera on, the
   * processed track replaces the shown and sent one at once (the call goes on). Rejects with
   * DeviceError('background-failed'), leaving the camera as it was, if the model cannot run.
   * @param {BackgroundMode} mode
   */
  async setBackground(mode) {
    const previous = this.background;
    this.background = mode;
    const camera = this.#camera;
    if (camera && this.#processor && mode !== 'off') {
      this.#processor.mode = mode;  // one effect for another: same track, no renegotiation
    } else if (camera) {
      let processor;
      try {
        processor = await this.#effectFor(camera, false);
      } catch (error) {
        this.background = previous;
        throw error;
      }
      if (this.#camera !== camera) {
        processor?.stop();  // turned off or switched meanwhile
      } else {
        const old = this.#processor;
        this.#processor = processor;
        this.#change('video', processor?.track ?? camera);
        old?.stop();
      }
    }
    saveBackgroundChoice(mode);
  }

  /**
   * Chooses the device of a kind. If that kind is on, the new device's track replaces the old
   * one (listeners see the new track, then the old one stops), so that a meeting switches
   * without going silent or dark in between; otherwise the choice waits for the next `set`.
   * Rejects with a DeviceError, leaving the old device on, if the new one cannot be opened.
   * @param {MediaKind} kind
   * @param {string} deviceId
   */
  async choose(kind, deviceId) {
    this.chosen[kind] = deviceId;
    const old = this.tracks[kind];
    if (!old || this.deviceIdOf(kind) === deviceId) return;
    const device = await this.#open(kind);
    const processor = kind === 'video' ? await this.#effectFor(device) : null;
    if (this.tracks[kind] !== old) {
      processor?.stop();  // turned off or switched again meanwhile
      device.stop();
      return;
    }
    if (kind === 'audio') {
      this.#change(kind, device);
      old.stop();
      return;
    }
    const [oldCamera, oldProcessor] = [this.#camera, this.#processor];
    this.#camera = device;
    this.#processor = processor;
    this.#change(kind, processor?.track ?? device);
    oldProcessor?.stop();
    oldCamera?.stop();
  }

  /** Stops every device. */
  stopAll() {
    for (const kind of /** @type {const} */ (['audio', 'video'])) this.#turnOff(kind);
  }

  /** @param {MediaKind} kind */
  #turnOff(kind) {
    const track = this.tracks[kind];
    if (!track) return;
    const [camera, processor] = [this.#camera, this.#processor];
    if (kind === 'video') {
      this.#camera = null;
      this.#processor = null;
    }
    this.#change(kind, null);
    if (kind === 'audio') {
      track.stop();
      return;
    }
    processor?.stop();
    camera?.stop();
  }

  /** @param {MediaKind} kind */
  async #open(kind) {
    const track = await openDevice(kind, this.chosen[kind]);
    // A device unplugged or revoked ends its track: treat it as turned off.
    track.addEventListener('ended', () => {
      if (kind === 'video' ? this.#camera === track : this.tracks.audio === track) this.#turnOff(kind);
    });
    return track;
  }

  /**
   * The effect a camera track goes through under the current choice, or null for none. If the
   * effect cannot run, nothing of the camera may be sent (the promise of the choice): rejects
   * with DeviceError('background-failed'), having stopped the camera when `stopOnFailure`.
   * @param {MediaStreamTrack} camera
   * @param {boolean} [stopOnFailure]
   * @returns {Promise<BackgroundProcessor | null>}
   */
  async #effectFor(camera, stopOnFailure = true) {
    const mode = this.background;
    if (mode === 'off') return null;
    try {
      return await BackgroundProcessor.start(camera, mode);
    } catch {
      if (stopOnFailure) camera.stop();
      throw new DeviceError('background-failed');
    }
  }

  /**
   * @param {MediaKind} kind
   * @param {MediaStreamTrack | null} track
   */
  #change(kind, track) {
    this.tracks[kind] = track;
    for (const listener of this.#listeners) listener(kind, track);
  }
}
