#!/usr/bin/env python3
"""Writes the seed corpus of the srtp_unprotect fuzz target: SRTP and SRTCP packets protected
with the fixed key of fuzz/srtp_unprotect.cpp for both profiles, plus truncated and damaged
copies. The first byte of each file selects bit 0 = AEAD_AES_128_GCM, bit 1 = RTCP.
Checks itself against RFC 7714 16 and libsrtp's AES-CM packet first. Run from the repository
root; needs python3-cryptography."""
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MASTER_KEY = bytes.fromhex("e1f97a0d3e018be0d64fa32c06de4139")
MASTER_SALT = bytes.fromhex("0ec675ad498afeebb6960b3aabe6")


def ctr(key, iv, data):
    enc = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def kdf(salt, label, n):
    """RFC 3711 4.3.1 with kdr 0; a 12-byte salt is zero-padded to 14."""
    x = bytearray(salt.ljust(14, b"\0"))
    x[7] ^= label
    return ctr(MASTER_KEY, bytes(x) + b"\0\0", b"\0" * n)


def keys(gcm, rtcp):
    salt = MASTER_SALT[:12] if gcm else MASTER_SALT
    base = 3 if rtcp else 0
    return kdf(salt, base, 16), kdf(salt, base + 2, 12 if gcm else 14), kdf(salt, base + 1, 20)


def cm_iv(salt, ssrc, index):
    block = bytearray(16)
    block[4:8] = struct.pack(">I", ssrc)
    block[8:14] = index.to_bytes(6, "big")
    return bytes(a ^ b for a, b in zip(block, salt + b"\0\0"))


def gcm_iv(salt, ssrc, tail):
    block = b"\0\0" + struct.pack(">I", ssrc) + tail
    return bytes(a ^ b for a, b in zip(block, salt))


def rtp_header_len(p):
    n = 12 + 4 * (p[0] & 15)
    if p[0] & 0x10:
        n += 4 + 4 * struct.unpack(">H", p[n + 2:n + 4])[0]
    return n


def protect_rtp(p, gcm, roc=0, k=None):
    key, salt, auth = k or keys(gcm, False)
    h = rtp_header_len(p)
    seq, ssrc = struct.unpack(">H", p[2:4])[0], struct.unpack(">I", p[8:12])[0]
    if gcm:
        iv = gcm_iv(salt, ssrc, struct.pack(">IH", roc, seq))
        return p[:h] + AESGCM(key).encrypt(iv, p[h:], p[:h])
    body = p[:h] + ctr(key, cm_iv(salt, ssrc, (roc << 16) | seq), p[h:])
    return body + hmac.new(auth, body + struct.pack(">I", roc), hashlib.sha1).digest()[:10]


def protect_rtcp(p, gcm, index):
    key, salt, auth = keys(gcm, True)
    ssrc = struct.unpack(">I", p[4:8])[0]
    e_index = struct.pack(">I", 0x80000000 | index)
    if gcm:
        iv = gcm_iv(salt, ssrc, b"\0\0" + struct.pack(">I", index))
        return p[:8] + AESGCM(key).encrypt(iv, p[8:], p[:8] + e_index) + e_index
    body = p[:8] + ctr(key, cm_iv(salt, ssrc, index), p[8:]) + e_index
    return body + hmac.new(auth, body, hashlib.sha1).digest()[:10]


def self_test():
    rfc7714 = bytes.fromhex(
        "8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e697320646976697361"
        "20696e207061727465732074726573")
    k = (bytes.fromhex("000102030405060708090a0b0c0d0e0f"),
         bytes.fromhex("517569642070726f2071756f"), b"")
    assert protect_rtp(rfc7714, True, k=k)[-16:].hex() == "899d7f27beb16a9152cf765ee4390cce"
    libsrtp = bytes.fromhex("800f1234decafbadcafebabe" + "ab" * 16)
    assert protect_rtp(libsrtp, False).hex() == (
        "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb")


RTP = {
    "plain": "80601234 00001000 cafebabe 0102030405060708090a",
    "csrc_ext": "b2600001 00000002 00000003 11111111 22222222 bede0001 10ff0000 aabbccdd",
    "empty_payload": "806f0005 00000000 12345678",
}
RTCP = {
    "rr_pli": "80c90001 0000abcd 81ce0002 0000abcd 33333333",
    "sr": "80c80006 11223344 e4a1b2c3 80000000 0000bb80 00000064 00003e80",
}


def main():
    self_test()
    out = os.path.join("fuzz", "corpus", "srtp_unprotect")
    os.makedirs(out, exist_ok=True)
    samples = {}
    for gcm in (False, True):
        tag = "gcm" if gcm else "cm"
        for name, text in RTP.items():
            samples[f"rtp_{tag}_{name}"] = bytes([int(gcm)]) + protect_rtp(bytes.fromhex(text), gcm)
        for name, text in RTCP.items():
            samples[f"rtcp_{tag}_{name}"] = bytes([2 | int(gcm)]) + protect_rtcp(
                bytes.fromhex(text), gcm, 7)
    for name, data in list(samples.items()):
        samples[name + "_truncated"] = data[:len(data) - 3]
        flipped = bytearray(data)
        flipped[-1] ^= 1
        samples[name + "_badtag"] = bytes(flipped)
    samples["header_only"] = bytes.fromhex("00 80601234")
    for name, data in samples.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
