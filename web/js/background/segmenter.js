// The person segmentation model (npm package @mediapipe/selfie_segmentation, embedded into the server and served from our own origin under /vendor/, P6): loaded on first use, it turns a small frame into a mask whose alpha is the person.

/** Where the server serves the package's files; nothing is ever fetched from anywhere else. */
const kBase = '/vendor/selfie_segmentation/';
/** The landscape model reads 256x144 pixels: frames are shrunk to that before segmentation. */
export const kMaskWidth = 256;
export const kMaskHeight = 144;

/**
 * What the package's script defines on `window` (its own index.d.ts, reduced to what we use).
 * @typedef {{
 *   setOptions(options: {modelSelection?: number, selfieMode?: boolean}): void,
 *   onResults(listener: (results: {segmentationMask: CanvasImageSource}) => void): void,
 *   initialize(): Promise<void>,
 *   send(inputs: {image: HTMLCanvasElement}): Promise<void>,
 *   close(): Promise<void>,
 * }} Solution
 */

/** @typedef {'ok' | 'no-webgl2' | 'not-on-server'} Support */

/** @type {Promise<Support> | null} */
let support = null;

/**
 * Whether background effects can run here: the model needs WebGL 2 (without it the package's
 * runtime takes the whole tab down, as headless Firefox without a GPU shows), and a server built
 * without `npm ci` does not ship the model.
 * @returns {Promise<Support>}
 */
export function segmentationSupport() {
  support ??= (async () => {
    if (!hasWebGl2()) return 'no-webgl2';
    const response = await fetch(`${kBase}selfie_segmentation.js`, { method: 'HEAD', cache: 'no-store' }).catch(() => null);
    return response?.ok ? 'ok' : 'not-on-server';
  })();
  return support;
}

function hasWebGl2() {
  const context = document.createElement('canvas').getContext('webgl2');
  context?.getExtension('WEBGL_lose_context')?.loseContext();
  return context !== null;
}

/** @type {Promise<Segmenter> | null} */
let shared = null;

/** One model per page, shared by every camera track that uses it. */
export class Segmenter {
  /** @type {Solution} */
  #solution;
  /** The latest mask, kMaskWidth x kMaskHeight; its alpha is the person. */
  mask = document.createElement('canvas');
  /** Whether `mask` holds a result yet. */
  ready = false;
  #busy = false;
  /** No new mask before this time (performance.now()). */
  #rest = 0;
  /** Masks computed, and the time they took (ms), for docs/performance.md. */
  stats = { masks: 0, ms: 0 };
  /** Bumped by reset(), so that a result still under way for an earlier camera is dropped. */
  #generation = 0;
  #pending = 0;
  #small = document.createElement('canvas');
  #smallContext;
  #maskContext;

  /** @param {Solution} solution */
  constructor(solution) {
    this.#solution = solution;
    for (const canvas of [this.mask, this.#small]) {
      canvas.width = kMaskWidth;
      canvas.height = kMaskHeight;
    }
    this.#smallContext = /** @type {CanvasRenderingContext2D} */ (this.#small.getContext('2d'));
    this.#maskContext = /** @type {CanvasRenderingContext2D} */ (this.mask.getContext('2d'));
    solution.onResults((results) => {
      if (this.#pending !== this.#generation) return;
      // The solution reuses its result between calls: copy it out.
      this.#maskContext.globalCompositeOperation = 'copy';
      this.#maskContext.drawImage(results.segmentationMask, 0, 0, kMaskWidth, kMaskHeight);
      this.ready = true;
    });
  }

  /**
   * Loads the script, the model and the wasm (about 6 MB, once per page) from our origin.
   * @returns {Promise<Segmenter>} rejects if the server lacks the files or the browser cannot run them
   */
  static load() {
    shared ??= (async () => {
      const found = await segmentationSupport();
      if (found !== 'ok') throw new Error(`background effects unavailable: ${found}`);
      await loadScript(`${kBase}selfie_segmentation.js`);
      const Solution = /** @type {any} */ (window).SelfieSegmentation;
      if (typeof Solution !== 'function') throw new Error('segmentation script did not load');
      /** @type {Solution} */
      const solution = new Solution({ locateFile: (/** @type {string} */ file) => `${kBase}${file}` });
      solution.setOptions({ modelSelection: 1 });  // the landscape model, for 16:9 and 4:3 cameras
      await solution.initialize();
      return new Segmenter(solution);
    })();
    shared.catch(() => { shared = null; });  // a later attempt may succeed (e.g. after a reload of the server)
    return shared;
  }

  /** Forgets the mask: the next frames are all background until a new mask exists. */
  reset() {
    this.ready = false;
    this.#generation += 1;
  }

  /**
   * Starts segmenting a frame unless one is under way or the model rests; `mask` follows when done.
   * Frames keep flowing meanwhile with the previous mask, so a slow computer lowers the mask's
   * rate, not the video's.
   * @param {CanvasImageSource} frame
   */
  offer(frame) {
    if (this.#busy || performance.now() < this.#rest) return;
    this.#busy = true;
    this.#pending = this.#generation;
    const started = performance.now();
    this.#smallContext.drawImage(frame, 0, 0, kMaskWidth, kMaskHeight);
    this.#solution.send({ image: this.#small }).catch(() => {}).finally(() => {
      this.#busy = false;
      const took = performance.now() - started;
      // Rest as long as the mask took: on a slow computer the model gets at most half of the
      // main thread, and the video keeps its frame rate with masks that are a little older.
      this.#rest = performance.now() + took;
      this.stats.masks += 1;
      this.stats.ms += took;
    });
  }
}

/**
 * Adds a classic script from our origin (the package is no ES module) and waits for it.
 * @param {string} src
 * @returns {Promise<void>}
 */
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error(`cannot load ${src}`)));
    document.head.append(script);
  });
}
