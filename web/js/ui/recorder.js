// A recording made in the moderator's own browser (P25, docs/privacy.md "Recording"): the tiles of those who agreed drawn on a canvas, their audio mixed with WebAudio, both encoded by MediaRecorder into WebM and saved to the moderator's disk; nothing of it passes the server.

/** Canvas size and frame rate of the recording. */
const kWidth = 640;
const kHeight = 360;
const kFps = 15;

/**
 * @typedef {object} RecorderSources
 * @property {() => string[]} included ids of the participants who agreed, the recording moderator first
 * @property {(id: string) => {video: HTMLVideoElement, audio: MediaStreamTrack | null} | null} sourcesOf
 */

export class MeetingRecorder {
  #canvas = document.createElement('canvas');
  /** @type {CanvasRenderingContext2D} */
  #context;
  /** @type {AudioContext} */
  #audio;
  /** @type {MediaStreamAudioDestinationNode} */
  #mix;
  /** Audio sources in the mix, by participant, with the track each was made from. @type {Map<string, {track: MediaStreamTrack, node: MediaStreamAudioSourceNode}>} */
  #inMix = new Map();
  /** @type {MediaRecorder} */
  #recorder;
  /** @type {Blob[]} */
  #chunks = [];
  /** @type {ReturnType<typeof setInterval>} */
  #timer;
  /** @type {RecorderSources} */
  #sources;
  startedAt = Date.now();

  /** @param {RecorderSources} sources */
  constructor(sources) {
    this.#sources = sources;
    this.#canvas.width = kWidth;
    this.#canvas.height = kHeight;
    this.#context = /** @type {CanvasRenderingContext2D} */ (this.#canvas.getContext('2d'));
    this.#audio = new AudioContext();
    void this.#audio.resume();
    this.#mix = this.#audio.createMediaStreamDestination();
    // A silent source keeps the audio track running while nobody who agreed speaks.
    const silence = this.#audio.createConstantSource();
    silence.offset.value = 0;
    silence.connect(this.#mix);
    silence.start();
    this.#draw();
    const stream = new MediaStream([...this.#canvas.captureStream(kFps).getVideoTracks(), ...this.#mix.stream.getAudioTracks()]);
    const mimeType = ['video/webm;codecs=vp8,opus', 'video/webm'].find((type) => MediaRecorder.isTypeSupported(type)) ?? '';
    this.#recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    this.#recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) this.#chunks.push(event.data);
    });
    this.#recorder.start(1000);
    this.#timer = setInterval(() => this.#draw(), 1000 / kFps);
  }

  /** Whether a browser can record the meeting at all. */
  static supported() {
    return typeof MediaRecorder === 'function' && typeof AudioContext === 'function' &&
      typeof HTMLCanvasElement.prototype.captureStream === 'function';
  }

  /**
   * Ends the recording.
   * @returns {Promise<Blob>} the WebM file
   */
  stop() {
    clearInterval(this.#timer);
    return new Promise((resolve) => {
      this.#recorder.addEventListener('stop', () => {
        void this.#audio.close();
        resolve(new Blob(this.#chunks, { type: 'video/webm' }));
      }, { once: true });
      this.#recorder.stop();
    });
  }

  /** One frame: a grid of the included participants' videos; the audio mix follows the same list. */
  #draw() {
    const ids = this.#sources.included();
    const ctx = this.#context;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, kWidth, kHeight);
    const columns = Math.ceil(Math.sqrt(ids.length || 1));
    const rows = Math.ceil((ids.length || 1) / columns);
    const w = kWidth / columns;
    const h = kHeight / rows;
    ids.forEach((id, i) => {
      const video = this.#sources.sourcesOf(id)?.video;
      if (!video || video.readyState < 2 || video.videoWidth === 0) return;
      // Fit inside the cell, keeping the picture's proportions.
      const scale = Math.min(w / video.videoWidth, h / video.videoHeight);
      const dw = video.videoWidth * scale;
      const dh = video.videoHeight * scale;
      ctx.drawImage(video, (i % columns) * w + (w - dw) / 2, Math.floor(i / columns) * h + (h - dh) / 2, dw, dh);
    });
    this.#updateMix(ids);
  }

  /**
   * Connects the audio of exactly the included participants.
   * @param {string[]} ids
   */
  #updateMix(ids) {
    for (const [id, entry] of this.#inMix) {
      const track = ids.includes(id) ? this.#sources.sourcesOf(id)?.audio : null;
      if (track === entry.track && track?.readyState === 'live') continue;
      entry.node.disconnect();
      this.#inMix.delete(id);
    }
    for (const id of ids) {
      const track = this.#sources.sourcesOf(id)?.audio;
      if (!track || track.readyState !== 'live' || this.#inMix.has(id)) continue;
      const node = this.#audio.createMediaStreamSource(new MediaStream([track]));
      node.connect(this.#mix);
      this.#inMix.set(id, { track, node });
    }
  }
}
