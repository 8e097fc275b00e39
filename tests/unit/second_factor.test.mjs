// Unit tests of the client's base64url conversions for WebAuthn (RFC 4648 section 10 vectors, the URL-safe alphabet, no padding).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromBase64url, toBase64url } from '../../web/js/protocol/second_factor.js';

const bytes = (/** @type {string} */ s) => new TextEncoder().encode(s);

test('RFC 4648 section 10 vectors, without padding', () => {
  const vectors = [['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy']];
  for (const [plain, encoded] of vectors) {
    assert.equal(toBase64url(bytes(plain)), encoded);
    assert.deepEqual(new Uint8Array(fromBase64url(encoded)), bytes(plain));
  }
});

test('the URL-safe alphabet both ways, and ArrayBuffer or a view of part of one', () => {
  const all = new Uint8Array([0xfb, 0xff, 0xbf, 0x00]);
  assert.equal(toBase64url(all.buffer), '-_-_AA');
  assert.equal(toBase64url(all.subarray(1, 3)), '_78');
  assert.deepEqual(new Uint8Array(fromBase64url('-_-_AA')), all);
});
