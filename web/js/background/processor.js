// Turns a camera track into a track whose background is blurred or replaced, frame by frame in this page, before the track reaches the encoder and the end-to-end encryption transform (P24): the camera's own frames never leave the page while an effect is on.

import { paintPlain } from './modes.js';
import { Segmenter } from './segmenter.js';

/** @typedef {import('./modes.js').BackgroundMode} BackgroundMode */

/** Blur: the frame is shrunk to this width and blurred, then drawn back at full size. */
const kBlurWidth = 128;
const kBlurPixels = 2;
/** Frame rate of the canvas fallback where the browser has no per-frame video callback. */
const kFallbackFps = 24;

export class BackgroundProcessor {
  /** What is shown and sent instead of the camera; stopping it does not stop the camera. */
  track;
  /** @type {Exclude<BackgroundMode, 'off'>} */
  mode;
  #segmenter;
  #stopped = false;
  #canvas = document.createElement('canvas');
  #context;
  #blur = document.createElement('canvas');
  #blurContext;
  /** @type {HTMLCanvasElement | null} the plain background at the current size */
  #plain = null;
  /** Frames drawn, and the main-thread time spent drawing them (ms), for docs/performance.md. */
  stats = { frames: 0, drawMs: 0 };

  /**
   * Loads the model (once per page) and starts processing; rejects if it cannot be loaded, so
   * that the caller never sends the camera unprocessed by mistake.
   * @param {MediaStreamTrack} camera
   * @param {Exclude<BackgroundMode, 'off'>} mode
   */
  static async start(camera, mode) {
    return new BackgroundProcessor(camera, mode, await Segmenter.load());
  }

  /**
   * @param {MediaStreamTrack} camera
   * @param {Exclude<BackgroundMode, 'off'>} mode
   * @param {Segmenter} segmenter
   */
  constructor(camera, mode, segmenter) {
    this.mode = mode;
    this.#segmenter = segmenter;
    // A mask left from an earlier camera would show the background where the person was then.
    segmenter.reset();
    this.#context = /** @type {CanvasRenderingContext2D} */ (this.#canvas.getContext('2d'));
    this.#blurContext = /** @type {CanvasRenderingContext2D} */ (this.#blur.getContext('2d'));
    const settings = camera.getSettings();
    this.#resize(settings.width ?? 640, settings.height ?? 360);
    const w = /** @type {any} */ (window);
    // Chromium's breakout box reads every frame even in a hidden tab; elsewhere a video element
    // feeds a canvas whose capture is the output.
    this.track = typeof w.MediaStreamTrackProcessor === 'function' && typeof w.MediaStreamTrackGenerator === 'function'
      ? this.#runBreakoutBox(camera) : this.#runCanvas(camera);
  }

  /** Stops the output; the camera track is the caller's to stop. */
  stop() {
    this.#stopped = true;
    this.track.stop();
  }

  /** @param {MediaStreamTrack} camera */
  #runBreakoutBox(camera) {
    const w = /** @type {any} */ (window);
    const processor = new w.MediaStreamTrackProcessor({ track: camera });
    const generator = new w.MediaStreamTrackGenerator({ kind: 'video' });
    const reader = processor.readable.getReader();
    const writer = generator.writable.getWriter();
    (async () => {
      while (!this.#stopped) {
        const { value: frame, done } = await reader.read();
        if (done) break;
        const timestamp = frame.timestamp;
        try {
          this.#draw(frame, frame.displayWidth, frame.displayHeight);
        } finally {
          frame.close();
        }
        if (this.#stopped) break;
        const out = new VideoFrame(this.#canvas, { timestamp });
        try {
          await writer.write(out);
        } catch {
          break;  // the output track was stopped
        } finally {
          out.close();
        }
      }
    })().catch(() => {}).finally(() => {
      reader.cancel().catch(() => {});
      writer.close().catch(() => {});
    });
    return /** @type {MediaStreamTrack} */ (generator);
  }

  /** @param {MediaStreamTrack} camera */
  #runCanvas(camera) {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([camera]);
    video.play().catch(() => {});
    const output = this.#canvas.captureStream().getVideoTracks()[0];
    const step = () => {
      if (this.#stopped || camera.readyState === 'ended') {
        video.srcObject = null;
        return;
      }
      if (video.videoWidth > 0) this.#draw(video, video.videoWidth, video.videoHeight);
      if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(step);
      else setTimeout(step, 1000 / kFallbackFps);
    };
    step();
    return output;
  }

  /**
   * Person from the latest mask over the chosen background; until the first mask exists the
   * whole frame is background, so nothing unblurred is ever drawn.
   * @param {CanvasImageSource} frame
   * @param {number} width
   * @param {number} height
   */
  #draw(frame, width, height) {
    const started = performance.now();
    if (width !== this.#canvas.width || height !== this.#canvas.height) this.#resize(width, height);
    this.#segmenter.offer(frame);
    const context = this.#context;
    if (this.#segmenter.ready) {
      context.globalCompositeOperation = 'copy';
      context.drawImage(this.#segmenter.mask, 0, 0, width, height);
      context.globalCompositeOperation = 'source-in';
      context.drawImage(frame, 0, 0, width, height);
      context.globalCompositeOperation = 'destination-over';
    } else {
      context.globalCompositeOperation = 'copy';
    }
    if (this.mode === 'blur') {
      const { width: bw, height: bh } = this.#blur;
      // Drawn a little larger than the small canvas, so that the blur finds no transparent edge.
      const margin = 2 * kBlurPixels;
      this.#blurContext.drawImage(frame, -margin, -margin, bw + 2 * margin, bh + 2 * margin);
      context.drawImage(this.#blur, 0, 0, width, height);
    } else {
      if (!this.#plain) {
        this.#plain = document.createElement('canvas');
        this.#plain.width = width;
        this.#plain.height = height;
        paintPlain(/** @type {CanvasRenderingContext2D} */ (this.#plain.getContext('2d')), this.mode, width, height);
      }
      context.drawImage(this.#plain, 0, 0);
    }
    context.globalCompositeOperation = 'source-over';
    this.stats.frames += 1;
    this.stats.drawMs += performance.now() - started;
  }

  /**
   * @param {number} width
   * @param {number} height
   */
  #resize(width, height) {
    this.#canvas.width = width;
    this.#canvas.height = height;
    this.#blur.width = kBlurWidth;
    this.#blur.height = Math.max(1, Math.round((kBlurWidth * height) / width));
    this.#blurContext.filter = `blur(${kBlurPixels}px)`;  // resizing resets the context's state
    this.#plain = null;
  }
}
