// Unit tests of frame encryption: format vectors, clear codec bytes, tampering, wrong keys, IV uniqueness and the receiver's key ring.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importHkdfKey, deriveFrameKey, ratchetSecret } from '../../web/js/e2ee/key_schedule.js';
import { KeyRing } from '../../web/js/e2ee/key_ring.js';
import { FrameEncryptor, clearByteCount, decryptFrame, kTrailerLength } from '../../web/js/e2ee/frame_crypto.js';
import { MediaCryptor } from '../../web/js/e2ee/media_cryptor.js';

const unhex = (/** @type {string} */ s) => new Uint8Array(Buffer.from(s, 'hex'));
const kSecret = new Uint8Array(32).fill(0x11);
const kVp8Key = unhex('1002009d012a8002e001000102030405060708090a0b0c0d0e0f10111213');
const kVp8Delta = unhex('3102000102030405060708090a0b0c0d0e0f');
const kOpus = unhex('78000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627');

/** @param {Uint8Array} raw @param {number} index */
async function ringWith(raw, index) {
  const ring = new KeyRing();
  assert.ok(ring.set(index, await importHkdfKey(new Uint8Array(raw))));
  return ring;
}

/** @param {Uint8Array} raw @param {string} label @param {number} index */
async function encryptorFor(raw, label, index) {
  const key = await deriveFrameKey(await importHkdfKey(new Uint8Array(raw)), label);
  return new FrameEncryptor(key, index, label === 'audio' ? 'opus' : 'vp8');
}

test('frames made by the independent implementation decrypt (format vector)', async () => {
  const ring = await ringWith(kSecret, 7);
  const vp8 = await decryptFrame(unhex('1002009d012a8002e00148dff3c268109a6e5e5a53c02913d122ef3842f54403086ccea64baa65fdf7681f37bd65010203040000000507'), 'video', ring);
  assert.deepEqual('data' in vp8 && vp8.data, kVp8Key);
  const opus = await decryptFrame(unhex('7ac5717174374e592eff921fec944deed9b121d7289eef4bd3b273bc906f3b6565a75a1529d0f84d2f73dd34ca7032ac5008c5c9ef0dfba25b000000000000000007'), 'audio', ring);
  assert.deepEqual('data' in opus && opus.data, kOpus);
});

test('only the VP8 payload header stays in clear: 10 bytes on key frames, 3 on delta frames, none for Opus', async () => {
  assert.equal(clearByteCount('vp8', kVp8Key), 10);
  assert.equal(clearByteCount('vp8', kVp8Delta), 3);
  assert.equal(clearByteCount('vp8', new Uint8Array([0x00, 0x01])), 2);
  assert.equal(clearByteCount('opus', kOpus), 0);
  const ring = await ringWith(kSecret, 3);
  for (const [label, plain, clear] of /** @type {const} */ ([['video', kVp8Key, 10], ['video', kVp8Delta, 3], ['audio', kOpus, 0], ['screen', kVp8Key, 10]])) {
    const sealed = await (await encryptorFor(kSecret, label, 3)).encrypt(plain);
    assert.ok(sealed);
    assert.equal(sealed.length, plain.length + kTrailerLength);
    assert.deepEqual(sealed.subarray(0, clear), plain.subarray(0, clear));
    // No byte after the clear ones leaks: the body differs from the plain body in most places.
    const body = sealed.subarray(clear, plain.length);
    const same = body.filter((b, i) => b === plain[clear + i]).length;
    assert.ok(same < body.length / 4, `${label}: ${same} of ${body.length} bytes unchanged`);
    const opened = await decryptFrame(sealed, label, ring);
    assert.deepEqual('data' in opened && opened.data, plain);
  }
});

test('any tampering, a wrong key or a short frame is a counted drop, never an exception', async () => {
  const sealed = /** @type {Uint8Array} */ (await (await encryptorFor(kSecret, 'video', 3)).encrypt(kVp8Key));
  const ring = await ringWith(kSecret, 3);
  for (const offset of [0, 5, 12, sealed.length - 20, sealed.length - 5, sealed.length - 2]) {
    const forged = sealed.slice();
    forged[offset] ^= 0x01;
    assert.deepEqual(await decryptFrame(forged, 'video', ring), { error: 'bad-tag' }, `byte ${offset}`);
  }
  const otherIndex = sealed.slice();
  otherIndex[otherIndex.length - 1] = 0x80;
  assert.deepEqual(await decryptFrame(otherIndex, 'video', ring), { error: 'unknown-key' });
  assert.deepEqual(await decryptFrame(sealed.subarray(0, kTrailerLength - 1), 'video', ring), { error: 'short' });
  assert.deepEqual(await decryptFrame(sealed, 'audio', ring), { error: 'bad-tag' }, 'audio key for a video frame');
  assert.deepEqual(await decryptFrame(sealed, 'video', await ringWith(new Uint8Array(32).fill(0x22), 3)), { error: 'bad-tag' });
  assert.deepEqual(await decryptFrame(sealed, 'video', new KeyRing()), { error: 'unknown-key' });

  const media = new MediaCryptor();
  assert.equal(await media.decrypt('a', 'video', sealed), null);
  assert.equal(media.stats.unknownKey, 1);
  assert.equal(await media.encrypt('video', kVp8Key), null, 'no send key: dropped, never sent in clear');
  assert.equal(media.stats.noSendKey, 1);
});

test('IVs never repeat for one key', async () => {
  const ring = await ringWith(kSecret, 1);
  const encryptor = await encryptorFor(kSecret, 'audio', 1);
  const other = await encryptorFor(kSecret, 'audio', 1);
  const seen = new Set();
  for (let i = 0; i < 500; i++) {
    for (const e of [encryptor, other]) {
      const sealed = /** @type {Uint8Array} */ (await e.encrypt(kOpus));
      const counter = Buffer.from(sealed.subarray(sealed.length - 9, sealed.length - 1)).toString('hex');
      assert.ok(!seen.has(counter), `counter ${counter} repeated`);
      seen.add(counter);
    }
  }
  const last = /** @type {Uint8Array} */ (await encryptor.encrypt(kOpus));
  assert.ok('data' in await decryptFrame(last, 'audio', ring));
});

test('the key ring refuses roll-backs and follows a ratchet only when a frame authenticates', async () => {
  const ring = await ringWith(kSecret, 5);
  const older = await importHkdfKey(new Uint8Array(32).fill(0x33));
  assert.equal(ring.set(4, older), false, 'older index');
  assert.equal(ring.set(5, older), false, 'same index again');
  assert.equal(ring.latest, 5);

  const next = await ratchetSecret(await importHkdfKey(new Uint8Array(kSecret)));
  const sealed = /** @type {Uint8Array} */ (await (await encryptorFor(next, 'video', 6)).encrypt(kVp8Delta));
  const forged = sealed.slice();
  forged[4] ^= 1;
  assert.deepEqual(await decryptFrame(forged, 'video', ring), { error: 'bad-tag' });
  assert.equal(ring.latest, 5, 'a forged frame does not advance the ring');
  assert.ok('data' in await decryptFrame(sealed, 'video', ring));
  assert.equal(ring.latest, 6, 'the ratchet step is committed');
  // A key message for the index reached by ratcheting may still replace it; older ones not.
  assert.equal(ring.set(6, older), true);
  assert.equal(ring.set(6, older), false);
  // Rotation: a fresh secret at a further index is not derivable, so frames wait for the message.
  const fresh = new Uint8Array(32).fill(0x44);
  const rotated = /** @type {Uint8Array} */ (await (await encryptorFor(fresh, 'video', 7)).encrypt(kVp8Delta));
  assert.deepEqual(await decryptFrame(rotated, 'video', ring), { error: 'bad-tag' });
  assert.ok(ring.set(7, await importHkdfKey(fresh)));
  assert.ok('data' in await decryptFrame(rotated, 'video', ring));
});
