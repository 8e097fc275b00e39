// Unit tests of frame encryption: RFC 9605 vectors, the vicos frame format, clear codec bytes, tampering, wrong keys and senders, nonce uniqueness and the receiver's key ring.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importHkdfKey, ratchetSecret } from '../../web/js/e2ee/key_schedule.js';
import { KeyRing } from '../../web/js/e2ee/key_ring.js';
import { clearByteCount, decryptFrame, kMaxOverhead } from '../../web/js/e2ee/frame_crypto.js';
import { MediaCryptor } from '../../web/js/e2ee/media_cryptor.js';
import { decodeHeader, deriveSframeKey, encodeHeader, makeKid, senderTag, sframeNonce, splitKid } from '../../web/js/e2ee/sframe.js';

const unhex = (/** @type {string} */ s) => new Uint8Array(Buffer.from(s, 'hex'));
const hex = (/** @type {Uint8Array} */ b) => Buffer.from(b).toString('hex');
const kSecret = new Uint8Array(32).fill(0x11);
const kTag = 0x0a0b0c0d;
const kVp8Key = unhex('1002009d012a8002e001000102030405060708090a0b0c0d0e0f10111213');
const kVp8Delta = unhex('3102000102030405060708090a0b0c0d0e0f');
const kOpus = unhex('78000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627');

/** @param {Uint8Array} raw */
const hkdfKey = (raw) => importHkdfKey(new Uint8Array(raw));

/**
 * A cryptor whose only sender is `id` with this secret, index and tag.
 * @param {Uint8Array} raw @param {number} index @param {string} [id] @param {number} [tag]
 */
async function receiverOf(raw, index, id = 'ada', tag = kTag) {
  const media = new MediaCryptor();
  assert.ok(media.setReceiveKey(id, index, await hkdfKey(raw), tag));
  return media;
}

/** @param {Uint8Array} raw @param {number} index @param {number} [tag] */
async function senderWith(raw, index, tag = kTag) {
  const media = new MediaCryptor();
  media.setSendKey(index, await hkdfKey(raw), tag);
  return media;
}

/** @param {MediaCryptor} media @param {string} label @param {Uint8Array<ArrayBuffer>} plain */
async function seal(media, label, plain) {
  return /** @type {Uint8Array<ArrayBuffer>} */ (await media.encrypt(label, plain));
}

test('SFrame headers: RFC 9605 4.3 encodings, the RFC C.3 header, and every length round-trips', () => {
  assert.equal(hex(encodeHeader(0n, 0n)), '00');
  assert.equal(hex(encodeHeader(7n, 7n)), '77');
  assert.equal(hex(encodeHeader(8n, 0n)), '8008');
  assert.equal(hex(encodeHeader(0n, 8n)), '0808');
  assert.equal(hex(encodeHeader(0x123n, 0x4567n)), '9901234567');
  assert.equal(hex(encodeHeader((1n << 64n) - 1n, (1n << 64n) - 1n)), `ff${'ff'.repeat(16)}`);
  for (let k = 0; k <= 64; k += 4) {
    for (let c = 0; c <= 64; c += 8) {
      const kid = (1n << BigInt(k)) - 1n;
      const ctr = (1n << BigInt(c)) - 1n;
      const header = encodeHeader(kid, ctr);
      assert.deepEqual(decodeHeader(header), { kid, ctr, length: header.length });
      // A header cut short is refused, never read past its end.
      if (header.length > 1) assert.equal(decodeHeader(header.subarray(0, header.length - 1)), null);
    }
  }
  assert.equal(decodeHeader(new Uint8Array(0)), null);
  // A longer encoding than needed still reads (the bytes are in the AAD, so they cannot be swapped).
  assert.deepEqual(decodeHeader(unhex('9900050001')), { kid: 5n, ctr: 1n, length: 5 });
});

test('RFC 9605 Appendix C.3 vector, AES_256_GCM_SHA512_128: key derivation, nonce, ciphertext', async () => {
  const base = await hkdfKey(unhex('000102030405060708090a0b0c0d0e0f'));
  const key = await deriveSframeKey(base, 0x123n);
  assert.equal(hex(key.salt), '84991c167b8cd23c93708ec7');
  const nonce = sframeNonce(key.salt, 0x4567n);
  assert.equal(hex(nonce), '84991c167b8cd23c9370cba0');
  const header = encodeHeader(0x123n, 0x4567n);
  const metadata = unhex('4945544620534672616d65205747');
  const aad = new Uint8Array([...header, ...metadata]);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 },
    key.key, unhex('64726166742d696574662d736672616d652d656e63')));
  assert.equal(hex(header) + hex(ct),
    '990123456794f509d36e9beacb0e261d99c7d1e972f1fed787d4049f17ca21353c1cc24d56ceabced279');
});

test('the KID names sender tag, track and key index byte in 48 bits', async () => {
  const kid = makeKid({ sender: 0xffffffff, track: 2, indexByte: 0xab });
  assert.equal(kid, 0xffffffff02ab);
  assert.deepEqual(splitKid(BigInt(kid)), { sender: 0xffffffff, track: 2, indexByte: 0xab });
  assert.equal(splitKid(1n << 48n), null, 'wider than the layout');
  assert.equal(splitKid(0x0300n), null, 'no fourth track');
  // The tag is SHA-256(fields("sframe-sender", key)) cut to 32 bits.
  assert.equal(await senderTag(new Uint8Array(65).fill(4)), 0x841062a0);
});

test('frames made by the independent implementation decrypt (format vector)', async () => {
  const media = await receiverOf(kSecret, 7);
  const vp8 = await decryptFrame(unhex('1002009d012a8002e001df0a0b0c0d010712345678000000057c7f57ce154127e14a7c04955cb9cb2160c95db901bab38710f0148de886446e542fa224'), 'vp8', media);
  assert.deepEqual(vp8, { data: kVp8Key, sender: 'ada', track: 'video' });
  const opus = await decryptFrame(unhex('df0a0b0c0d000780000000000000010a062f376d5ebe8d6817c8a3308efb7575e3f7592103bacd005fc09f8acc3f64a98a2aa8cafc2989a0559e8b0df8bd5208919c6450e37ad29c'), 'opus', media);
  assert.deepEqual(opus, { data: kOpus, sender: 'ada', track: 'audio' });
});

test('only the VP8 payload header stays in clear: 10 bytes on key frames, 3 on delta frames, none for Opus', async () => {
  assert.equal(clearByteCount('vp8', kVp8Key), 10);
  assert.equal(clearByteCount('vp8', kVp8Delta), 3);
  assert.equal(clearByteCount('vp8', new Uint8Array([0x00, 0x01])), 2);
  assert.equal(clearByteCount('opus', kOpus), 0);
  const sender = await senderWith(kSecret, 3);
  const receiver = await receiverOf(kSecret, 3);
  for (const [label, plain, clear] of /** @type {const} */ ([['video', kVp8Key, 10], ['video', kVp8Delta, 3], ['audio', kOpus, 0], ['screen', kVp8Key, 10]])) {
    const sealed = await seal(sender, label, plain);
    assert.ok(sealed.length > plain.length && sealed.length <= plain.length + kMaxOverhead);
    assert.deepEqual(sealed.subarray(0, clear), plain.subarray(0, clear));
    const header = decodeHeader(sealed.subarray(clear));
    assert.deepEqual(header && splitKid(header.kid), { sender: kTag, track: ['audio', 'video', 'screen'].indexOf(label), indexByte: 3 });
    // No byte after the clear ones leaks: the body differs from the plain body in most places.
    const body = sealed.subarray(clear + (header?.length ?? 0), sealed.length - 16);
    const same = body.filter((b, i) => b === plain[clear + i]).length;
    assert.ok(same < body.length / 4, `${label}: ${same} of ${body.length} bytes unchanged`);
    assert.deepEqual(await receiver.decrypt('ada', label, sealed), { data: plain, sender: 'ada' });
  }
  assert.equal(receiver.stats.decrypted, 4);
});

test('any tampering, a wrong key, sender or kind, or a short frame is a counted drop, never an exception', async () => {
  const sealed = await seal(await senderWith(kSecret, 3), 'video', kVp8Key);
  const media = await receiverOf(kSecret, 3);
  // Clear bytes, header and ciphertext: every byte is authenticated or names a key we lack.
  for (let offset = 0; offset < sealed.length; offset++) {
    const forged = sealed.slice();
    forged[offset] ^= 0x01;
    assert.equal(await media.decrypt('ada', 'video', forged), null, `byte ${offset}`);
  }
  const { badTag, malformed, unknownKey, unknownSender, short } = media.stats;
  assert.equal(badTag + malformed + unknownKey + unknownSender + short, sealed.length);
  assert.ok(badTag > sealed.length - 10, `${badTag} of ${sealed.length} fail the tag`);
  /** @param {number} offset @param {number} value */
  const withByte = (offset, value) => {
    const out = sealed.slice();
    out[offset] = value;
    return out;
  };
  // Header at byte 10: config, KID (6 bytes: tag, track, index byte), counter.
  assert.deepEqual(await decryptFrame(withByte(16, 0x80), 'vp8', media), { error: 'unknown-key', sender: 'ada' });
  assert.deepEqual(await decryptFrame(withByte(11, 0x99), 'vp8', media), { error: 'unknown-sender' });
  assert.deepEqual(await decryptFrame(withByte(15, 0x00), 'vp8', media), { error: 'malformed' }, 'an audio KID on a video track');
  assert.deepEqual(await decryptFrame(withByte(15, 0x07), 'vp8', media), { error: 'malformed' }, 'no such track');
  assert.deepEqual(await decryptFrame(sealed.subarray(0, 30), 'vp8', media), { error: 'short' });
  assert.deepEqual(await decryptFrame(sealed.subarray(0, 12), 'vp8', media), { error: 'short' });
  // Read as audio, the VP8 frame tag is taken for a header whose KID names nobody.
  assert.deepEqual(await decryptFrame(sealed, 'opus', media), { error: 'unknown-sender' }, 'read as audio');
  assert.deepEqual(await decryptFrame(sealed, 'vp8', await receiverOf(new Uint8Array(32).fill(0x22), 3)), { error: 'bad-tag' });
  assert.deepEqual(await decryptFrame(sealed, 'vp8', new MediaCryptor()), { error: 'unknown-sender' });

  const empty = new MediaCryptor();
  /** @type {string[]} */
  const missing = [];
  empty.onMissingKey = (p) => missing.push(p);
  assert.equal(await empty.decrypt('ada', 'video', sealed), null);
  assert.equal(empty.stats.unknownSender, 1);
  assert.deepEqual(missing, ['ada'], 'the page asks for ada’s key');
  assert.equal(await empty.encrypt('video', kVp8Key), null, 'no send key: dropped, never sent in clear');
  assert.equal(empty.stats.noSendKey, 1);
});

test('the receiver learns the sender from the frame: a frame of another participant on this receiver is dropped, an audio slot takes anyone', async () => {
  const ben = await senderWith(new Uint8Array(32).fill(0x55), 0, 0x0b0b0b0b);
  const media = await receiverOf(kSecret, 3);
  assert.ok(media.setReceiveKey('ben', 0, await hkdfKey(new Uint8Array(32).fill(0x55)), 0x0b0b0b0b));
  const frame = await seal(ben, 'video', kVp8Delta);
  assert.deepEqual(await decryptFrame(frame, 'vp8', media), { data: kVp8Delta, sender: 'ben', track: 'video' });
  // The server puts Ben's frame on the receiver it said carries Ada: the page never shows it as Ada's.
  assert.equal(await media.decrypt('ada', 'video', frame), null);
  assert.equal(media.stats.wrongSender, 1);
  assert.deepEqual(await media.decrypt('ben', 'video', frame), { data: kVp8Delta, sender: 'ben' });
  // An audio slot carries whoever its frames name, and counts them by sender.
  const benAudio = await seal(ben, 'audio', kOpus);
  const adaAudio = await seal(await senderWith(kSecret, 3), 'audio', kOpus);
  assert.deepEqual(await media.decrypt(null, 'audio', benAudio), { data: kOpus, sender: 'ben' });
  assert.deepEqual(await media.decrypt(null, 'audio', adaAudio), { data: kOpus, sender: 'ada' });
  assert.deepEqual(media.stats.heardFrom, { ben: 1, ada: 1 });
  // Frames in clear on an audio slot only while someone may send in clear; they name nobody.
  assert.equal(await media.decrypt(null, 'audio', kOpus), null);
  media.setPlain('ben', true);
  assert.deepEqual(await media.decrypt(null, 'audio', kOpus), { data: kOpus, sender: null });
  media.removeParticipant('ben');
  assert.deepEqual(media.stats.heardFrom, { ada: 1 });
  // Two senders with the same tag (a 1 in 2^32 chance) are told apart by the tag check.
  const twin = await receiverOf(kSecret, 0, 'ada', 0x0b0b0b0b);
  assert.ok(twin.setReceiveKey('ben', 0, await hkdfKey(new Uint8Array(32).fill(0x55)), 0x0b0b0b0b));
  assert.deepEqual(await decryptFrame(frame, 'vp8', twin), { data: kVp8Delta, sender: 'ben', track: 'video' });
  twin.removeParticipant('ben');
  assert.deepEqual(await decryptFrame(frame, 'vp8', twin), { error: 'bad-tag' });
});

test('nonces never repeat for one key', async () => {
  const media = await receiverOf(kSecret, 1);
  const encryptor = await senderWith(kSecret, 1);
  const other = await senderWith(kSecret, 1);
  const seen = new Set();
  for (let i = 0; i < 500; i++) {
    for (const e of [encryptor, other]) {
      const header = decodeHeader(await seal(e, 'audio', kOpus));
      assert.ok(header && !seen.has(header.ctr), `counter ${header?.ctr} repeated`);
      seen.add(header.ctr);
    }
  }
  assert.deepEqual(await media.decrypt('ada', 'audio', await seal(encryptor, 'audio', kOpus)), { data: kOpus, sender: 'ada' });
});

test('the key ring refuses roll-backs and follows a ratchet only when a frame authenticates', async () => {
  const media = await receiverOf(kSecret, 5);
  const ring = media.sendersWithTag(kTag)[0].ring;
  const older = await importHkdfKey(new Uint8Array(32).fill(0x33));
  assert.equal(ring.set(4, older), false, 'older index');
  assert.equal(ring.set(5, older), false, 'same index again');
  assert.equal(ring.latest, 5);

  const next = await ratchetSecret(await hkdfKey(kSecret));
  const sealed = await seal(await senderWith(next, 6), 'video', kVp8Delta);
  const forged = sealed.slice();
  forged[sealed.length - 4] ^= 1;
  assert.deepEqual(await decryptFrame(forged, 'vp8', media), { error: 'bad-tag' });
  assert.equal(ring.latest, 5, 'a forged frame does not advance the ring');
  assert.ok('data' in await decryptFrame(sealed, 'vp8', media));
  assert.equal(ring.latest, 6, 'the ratchet step is committed');
  // A key message for the index reached by ratcheting may still replace it; older ones not.
  assert.equal(ring.set(6, older), true);
  assert.equal(ring.set(6, older), false);
  // Rotation: a fresh secret at a further index is not derivable, so frames wait for the message.
  const fresh = new Uint8Array(32).fill(0x44);
  const rotated = await seal(await senderWith(fresh, 7), 'video', kVp8Delta);
  assert.deepEqual(await decryptFrame(rotated, 'vp8', media), { error: 'bad-tag' });
  assert.ok(ring.set(7, await hkdfKey(fresh)));
  assert.ok('data' in await decryptFrame(rotated, 'vp8', media));
});

test('a ring forgets keys beyond the newest few', async () => {
  const ring = new KeyRing();
  for (let i = 0; i < 10; i++) assert.ok(ring.set(i, await hkdfKey(new Uint8Array(32).fill(i))));
  assert.equal(await ring.findByByte(0), null);
  assert.ok(await ring.findByByte(9));
});

test('random bytes as a frame: every one is an error or a header, never an exception', async () => {
  const media = await receiverOf(kSecret, 3);
  const sealed = await seal(await senderWith(kSecret, 3), 'video', kVp8Key);
  for (let i = 0; i < 2000; i++) {
    const length = i % 64;
    const bytes = crypto.getRandomValues(new Uint8Array(length));
    // Half of them start like a real frame, so that the header and KID paths are reached too.
    if (i % 2 === 0) bytes.set(sealed.subarray(0, Math.min(length, 17)));
    const header = decodeHeader(bytes);
    assert.ok(header === null || header.length <= bytes.length);
    for (const codec of /** @type {const} */ (['vp8', 'opus'])) {
      const result = await decryptFrame(bytes, codec, media);
      assert.ok('error' in result, `${Buffer.from(bytes).toString('hex')} decrypted`);
    }
  }
});
