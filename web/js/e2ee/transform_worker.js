// Worker script of the encoded transforms: RTCRtpScriptTransform (`rtctransform` events) or streams handed over from createEncodedStreams, and the key messages from the page.

import { MediaCryptor } from './media_cryptor.js';

/**
 * What the page attaches to each transform (media_transform.js).
 * @typedef {object} TransformOptions
 * @property {'send' | 'receive'} side
 * @property {string} label 'audio', 'video' or 'screen'
 * @property {string} [participant] whose frames a receive transform carries; absent on an audio
 *   slot, which carries whoever its frames name
 * @property {number} [slot] a receive transform's id, for `retarget`
 */

/**
 * Messages from the page.
 * @typedef {{type: 'send-key', index: number, secret: CryptoKey, tag: number}
 *   | {type: 'receive-key', participant: string, index: number, secret: CryptoKey, tag: number}
 *   | {type: 'remove', participant: string}
 *   | {type: 'plain', participant: string | null, plain: boolean}
 *   | {type: 'stats', id: number}
 *   | {type: 'retarget', slot: number, participant: string}
 *   | {type: 'streams', readable: ReadableStream, writable: WritableStream, options: TransformOptions}} WorkerRequest
 */

/** @typedef {{data: ArrayBuffer}} EncodedFrame RTCEncodedAudioFrame or RTCEncodedVideoFrame */
/**
 * @typedef {object} ScriptTransformer RTCRtpScriptTransformer, which the DOM library lacks
 * @property {ReadableStream<EncodedFrame>} readable
 * @property {WritableStream<EncodedFrame>} writable
 * @property {TransformOptions} options
 * @property {() => Promise<void>} [generateKeyFrame]
 */

/**
 * The worker's global scope, typed by hand (the project checks against the DOM library).
 * @type {{postMessage: (message: unknown) => void,
 *   addEventListener: (type: string, listener: (event: any) => void) => void}}
 */
const scope = /** @type {any} */ (globalThis);

const cryptor = new MediaCryptor();
/** Participants already reported missing a key since their last key. @type {Set<string>} */
const reported = new Set();
/** Own video transformers, asked for a keyframe when the key changes. @type {Set<ScriptTransformer>} */
const videoSenders = new Set();
/**
 * Whose frames each receive transform carries, by slot: the server gives the m-line of someone
 * who left to a newcomer (docs/protocol.md "Media model"), and a receiver keeps its transform.
 * @type {Map<number, {participant: string | null}>}
 */
const targets = new Map();

cryptor.onMissingKey = (participant) => {
  if (reported.has(participant)) return;
  reported.add(participant);
  scope.postMessage({ type: 'missing-key', participant });
};

/**
 * @param {ReadableStream<EncodedFrame>} readable
 * @param {WritableStream<EncodedFrame>} writable
 * @param {TransformOptions} options
 */
function pipe(readable, writable, options) {
  /** @type {{participant: string | null, heard: string | null}} */
  const target = { participant: options.side === 'receive' ? options.participant ?? null : null, heard: null };
  if (options.slot !== undefined) targets.set(options.slot, target);
  const transform = new TransformStream({
    /**
     * @param {EncodedFrame} frame
     * @param {TransformStreamDefaultController<EncodedFrame>} controller
     */
    async transform(frame, controller) {
      const data = new Uint8Array(frame.data);
      let out = null;
      try {
        if (options.side === 'send') {
          out = await cryptor.encrypt(options.label, data);
        } else {
          const opened = await cryptor.decrypt(target.participant, options.label, data);
          out = opened?.data ?? null;
          // An audio slot tells the page whom it carries now, as the frames say.
          if (opened && target.participant === null && opened.sender !== null && opened.sender !== target.heard) {
            target.heard = opened.sender;
            scope.postMessage({ type: 'slot-sender', slot: options.slot, participant: opened.sender });
          }
        }
      } catch {
        out = null;
      }
      // A frame that cannot be encrypted or decrypted is dropped, never sent on in clear.
      if (!out) return;
      frame.data = out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
      controller.enqueue(frame);
    },
  });
  readable.pipeThrough(transform).pipeTo(writable).catch(() => {});
}

scope.addEventListener('rtctransform', (event) => {
  const transformer = /** @type {ScriptTransformer} */ (event.transformer);
  if (transformer.options.side === 'send' && transformer.options.label !== 'audio') videoSenders.add(transformer);
  pipe(transformer.readable, transformer.writable, transformer.options);
});

scope.addEventListener('message', (event) => {
  const request = /** @type {WorkerRequest} */ (event.data);
  switch (request.type) {
    case 'send-key':
      cryptor.setSendKey(request.index, request.secret, request.tag);
      for (const sender of videoSenders) sender.generateKeyFrame?.().catch(() => {});
      break;
    case 'receive-key':
      if (cryptor.setReceiveKey(request.participant, request.index, request.secret, request.tag)) {
        if (reported.delete(request.participant)) scope.postMessage({ type: 'key-ready', participant: request.participant });
      }
      break;
    case 'remove':
      cryptor.removeParticipant(request.participant);
      reported.delete(request.participant);
      break;
    case 'plain':
      cryptor.setPlain(request.participant, request.plain);
      break;
    case 'retarget': {
      const target = targets.get(request.slot);
      if (target && target.participant !== null) target.participant = request.participant;
      break;
    }
    case 'stats':
      scope.postMessage({ type: 'stats', id: request.id, stats: { ...cryptor.stats } });
      break;
    case 'streams':
      pipe(request.readable, request.writable, request.options);
      break;
  }
});
