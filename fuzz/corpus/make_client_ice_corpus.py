#!/usr/bin/env python3
"""Writes the seed corpus of client_ice_response: STUN answers as the ICE-lite server sends
them (success with XOR-MAPPED-ADDRESS, 401 error, each with MESSAGE-INTEGRITY keyed with the
fuzz target's server password and FINGERPRINT), a request, and truncated copies."""
import hashlib, hmac, os, struct, zlib

PWD = b"ServerPassword+of/24char"
COOKIE = 0x2112A442
TID = bytes(range(1, 13))
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "client_ice_response")


def attr(t, v):
    return struct.pack("!HH", t, len(v)) + v + b"\0" * ((4 - len(v) % 4) % 4)


def message(mtype, attrs, integrity=True, fingerprint=True):
    body = b"".join(attrs)
    if integrity:
        head = struct.pack("!HHI", mtype, len(body) + 24, COOKIE) + TID
        mac = hmac.new(PWD, head + body, hashlib.sha1).digest()
        body += attr(0x0008, mac)
    if fingerprint:
        head = struct.pack("!HHI", mtype, len(body) + 8, COOKIE) + TID
        crc = (zlib.crc32(head + body) ^ 0x5354554E) & 0xFFFFFFFF
        body += attr(0x8028, struct.pack("!I", crc))
    return struct.pack("!HHI", mtype, len(body), COOKIE) + TID + body


def xor_mapped(ip, port):
    a = bytes(int(x) for x in ip.split("."))
    xa = bytes(b ^ c for b, c in zip(a, struct.pack("!I", COOKIE)))
    return attr(0x0020, struct.pack("!BBH", 0, 1, port ^ (COOKIE >> 16)) + xa)


seeds = {
    "success": message(0x0101, [xor_mapped("127.0.0.1", 50000)]),
    "success_no_fp": message(0x0101, [xor_mapped("192.0.2.7", 4000)], fingerprint=False),
    "error_401": message(0x0111, [attr(0x0009, struct.pack("!HBB", 0, 4, 1) + b"Unauthenticated")], integrity=False),
    "error_487": message(0x0111, [attr(0x0009, struct.pack("!HBB", 0, 4, 87) + b"Role Conflict")]),
    "request": message(0x0001, [attr(0x0006, b"Srv1ufrg:cLnt"), attr(0x0024, struct.pack("!I", 1845501695))]),
}
seeds["success_truncated"] = seeds["success"][:30]
seeds["header_only"] = seeds["success"][:20]
os.makedirs(OUT, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
