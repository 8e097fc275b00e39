// Unit tests of the e2ee byte helpers, link secret and key schedule, against vectors computed independently (RFC 5869, Python cryptography).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fields, fromBase64Url, toBase64Url } from '../../web/js/e2ee/bytes.js';
import { createLinkSecret, linkFragment, parseLinkFragment } from '../../web/js/e2ee/link_secret.js';
import { deriveMeetingKeys, hkdfBytes, importHkdfKey, kLabels, ratchetSecret } from '../../web/js/e2ee/key_schedule.js';

const hex = (/** @type {Uint8Array} */ b) => Buffer.from(b).toString('hex');
const unhex = (/** @type {string} */ s) => new Uint8Array(Buffer.from(s, 'hex'));
const kLink = unhex('000102030405060708090a0b0c0d0e0f');

test('HKDF-SHA-256 matches RFC 5869 A.1', async () => {
  const okm = await hkdfBytes(new Uint8Array(22).fill(0x0b), unhex('f0f1f2f3f4f5f6f7f8f9'), 42, unhex('000102030405060708090a0b0c'));
  assert.equal(hex(okm), '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
});

test('meeting keys of a fixed link secret match the independent computation', async () => {
  const room = 'team-weekly';
  assert.equal(hex(await hkdfBytes(kLink, kLabels.announce(room), 32)),
    'c37b5f678c228ea32b3f0f915e088251cb844ba91107b2915e95655dea010244');
  assert.equal(hex(await hkdfBytes(kLink, kLabels.name(room), 32)),
    '136f5f1a4b02a218f41db0993d196b92e7bca028511f8cd0381492fcb54e444e');
  const meeting = await deriveMeetingKeys(kLink, room);
  assert.equal(hex(meeting.wrapSalt), 'f7375b7b1ecc368dd4c2055b24e71109ada96428809da218266765c0d079f9d3');
  // The non-extractable keys are the same keys: check them by what they compute.
  const mac = await crypto.subtle.sign('HMAC', meeting.announceKey, new TextEncoder().encode('vicos'));
  assert.equal(hex(new Uint8Array(mac)), '165e074d67769374e6ed586461dfe517f0f310286ff74508866f4f2955a92d86');
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, meeting.nameKey,
    new TextEncoder().encode('vicos'));
  assert.equal(hex(new Uint8Array(sealed)), 'ddc430487016e4652930fe6fb6fe9d334fc72c699f');
  assert.equal(meeting.announceKey.extractable, false);
  assert.equal(meeting.nameKey.extractable, false);
  // Another room with the same link has other keys.
  const other = await deriveMeetingKeys(kLink, 'team-daily');
  assert.notEqual(hex(other.wrapSalt), hex(meeting.wrapSalt));
});

test('sender secret derivations match the independent computation', async () => {
  const secret = await importHkdfKey(new Uint8Array(32).fill(0x11));
  assert.equal(hex(await ratchetSecret(secret)), '937e812aedaae441d2296a0f75b33752e417d72f45f7b69ea24c1ff16b72f5d5');
  // The SFrame base key (docs/e2ee.md "Frames"); each KID's key comes from it as RFC 9605 says.
  assert.equal(hex(await hkdfBytes(secret, kLabels.frameBase(), 32)),
    'db562ae3c1cd2b630775ec50a0d30f56b24a98089887b66f95fdd4ff1476beb8');
  assert.equal(hex(await hkdfBytes(secret, kLabels.chat(), 32)),
    '12cda329b9a43f75b239c75ce7d132e813ddcaac6c5e5793c4301485183e452e');
});

test('fields are length-prefixed so that different lists never collide', () => {
  assert.equal(hex(fields('ab', new Uint8Array([1]))), '0002' + '6162' + '0001' + '01');
  assert.notEqual(hex(fields('a', 'bc')), hex(fields('ab', 'c')));
});

test('base64url is strict and canonical', () => {
  const bytes = unhex('fbff00');
  assert.equal(toBase64Url(bytes), '-_8A');
  assert.deepEqual(fromBase64Url('-_8A'), bytes);
  assert.equal(fromBase64Url('+/8A'), null);
  assert.equal(fromBase64Url('-_8A='), null);
  assert.equal(fromBase64Url('AB'), null, 'non-zero unused bits are not canonical');
  assert.deepEqual(fromBase64Url('AA'), new Uint8Array([0]));
  assert.equal(fromBase64Url('A'), null);
  assert.equal(fromBase64Url(' AA'), null);
  assert.equal(fromBase64Url(42), null);
});

test('link secrets: 128 random bits in #k=, malformed fragments refused', () => {
  const secret = createLinkSecret();
  assert.equal(secret.length, 16);
  assert.notDeepEqual(createLinkSecret(), secret);
  const fragment = linkFragment(secret);
  assert.match(fragment, /^#k=[A-Za-z0-9_-]{22}$/);
  assert.deepEqual(parseLinkFragment(fragment), secret);
  assert.deepEqual(parseLinkFragment(`#x=1&${fragment.slice(1)}`), secret);
  assert.equal(parseLinkFragment(''), null);
  assert.equal(parseLinkFragment('#'), null);
  assert.equal(parseLinkFragment('#k='), null);
  assert.equal(parseLinkFragment('#k=AAAAAAAAAAAAAAAAAAAA'), null, '15 bytes is too short');
  assert.equal(parseLinkFragment(`#k=${toBase64Url(new Uint8Array(65))}`), null, 'too long');
  assert.equal(parseLinkFragment(`${fragment}=`), null);
  assert.equal(parseLinkFragment(fragment.replace('#k=', '#k=+')), null);
});
