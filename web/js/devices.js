// Microphone and camera: opened only when the user turns them on, stopped when turned off so the camera light goes out.

/** @typedef {'audio' | 'video'} MediaKind */

/** Error from `openDevice()` with a code for the error catalogue (`device-…`). */
export class DeviceError extends Error {
  /** @param {'device-denied' | 'device-missing' | 'device-failed'} code */
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
  /** @type {{audio: MediaStreamTrack | null, video: MediaStreamTrack | null}} */
  tracks = { audio: null, video: null };
  /** The devices chosen in the settings ('' = the browser's default); kept in the page only. */
  chosen = { audio: '', video: '' };
  /** @type {Set<(kind: MediaKind, track: MediaStreamTrack | null) => void>} */
  #listeners = new Set();

  /** @param {(kind: MediaKind, track: MediaStreamTrack | null) => void} listener */
  onChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Turns a device on or off; rejects with a DeviceError if it cannot be opened.
   * @param {MediaKind} kind
   * @param {boolean} on
   */
  async set(kind, on) {
    if (on === (this.tracks[kind] !== null)) return;
    if (on) {
      this.#change(kind, await this.#open(kind));
    } else {
      const track = this.tracks[kind];
      this.#change(kind, null);
      track?.stop();
    }
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
    if (!old || old.getSettings().deviceId === deviceId) return;
    const track = await this.#open(kind);
    if (this.tracks[kind] !== old) {
      track.stop();  // turned off or switched again meanwhile
      return;
    }
    this.#change(kind, track);
    old.stop();
  }

  /** Stops every device. */
  stopAll() {
    for (const kind of /** @type {const} */ (['audio', 'video'])) {
      const track = this.tracks[kind];
      if (track) {
        this.#change(kind, null);
        track.stop();
      }
    }
  }

  /** @param {MediaKind} kind */
  async #open(kind) {
    const track = await openDevice(kind, this.chosen[kind]);
    // A device unplugged or revoked ends its track: treat it as turned off.
    track.addEventListener('ended', () => {
      if (this.tracks[kind] === track) this.#change(kind, null);
    });
    return track;
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
