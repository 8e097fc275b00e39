#!/usr/bin/env python3
"""Writes the seed corpora of the WebAuthn fuzz targets (client data, authenticator data,
attestation objects) with a minimal CBOR encoder (RFC 8949), so the seeds need no library."""
import hashlib
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError(n)


def cbor(v):
    if isinstance(v, bool):
        return b"\xf5" if v else b"\xf4"
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        return head(3, len(v.encode())) + v.encode()
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, dict):
        return head(5, len(v)) + b"".join(cbor(k) + cbor(x) for k, x in v.items())
    raise TypeError(v)


# The P-256 generator point: a valid public key without needing a key generator.
GX = bytes.fromhex("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296")
GY = bytes.fromhex("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")
ES256 = cbor({1: 2, 3: -7, -1: 1, -2: GX, -3: GY})
RS256 = cbor({1: 3, 3: -257, -1: b"\xc5" * 256, -2: b"\x01\x00\x01"})
EDDSA = cbor({1: 1, 3: -8, -1: 6, -2: b"\x11" * 32})
RP = hashlib.sha256(b"meet.example.org").digest()


def auth_data(flags, count, key=None, cred=b"\xc1\xed\x00\x01", ext=None):
    out = RP + bytes([flags]) + struct.pack(">I", count)
    if key is not None:
        out += b"\x00" * 16 + struct.pack(">H", len(cred)) + cred + key
    if ext is not None:
        out += cbor(ext)
    return out


def write(target, name, data):
    os.makedirs(os.path.join(HERE, target), exist_ok=True)
    with open(os.path.join(HERE, target, name), "wb") as f:
        f.write(data)


write("webauthn_client_data", "create.json",
      b'{"type":"webauthn.create","challenge":"WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo",'
      b'"origin":"https://meet.example.org","crossOrigin":false}')
write("webauthn_client_data", "get_chromium.json",
      b'{"type":"webauthn.get","challenge":"AAECAwQFBgcICQ","origin":"https://meet.example.org",'
      b'"crossOrigin":false,"other_keys_can_be_added_here":"do not compare clientDataJSON"}')
write("webauthn_client_data", "bad_challenge.json", b'{"type":"webauthn.get","challenge":"A","origin":"x"}')
write("webauthn_client_data", "not_object.json", b'["webauthn.get"]')

write("webauthn_authenticator_data", "get.bin", auth_data(0x01, 7))
write("webauthn_authenticator_data", "create_es256.bin", auth_data(0x45, 0, ES256))
write("webauthn_authenticator_data", "create_rs256.bin", auth_data(0x41, 0, RS256))
write("webauthn_authenticator_data", "extensions.bin", auth_data(0xc1, 1, ES256, ext={"credProtect": 1}))
write("webauthn_authenticator_data", "short.bin", RP[:20])

for name, key, fmt in (("none_es256.cbor", ES256, "none"), ("none_rs256.cbor", RS256, "none"),
                       ("none_eddsa.cbor", EDDSA, "none"), ("packed.cbor", ES256, "packed")):
    write("webauthn_attestation", name,
          cbor({"fmt": fmt, "attStmt": {}, "authData": auth_data(0x41, 0, key)}))
write("webauthn_attestation", "huge_array.cbor", bytes([0x9a, 0xff, 0xff, 0xff, 0xff, 0x01]))
