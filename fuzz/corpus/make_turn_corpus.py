#!/usr/bin/env python3
"""Writes the seed corpus of turn_parse: TURN requests and indications as browsers send them
(Allocate, Refresh, CreatePermission with several peers, ChannelBind, Send with DATA, a Data
indication with an IPv6 peer), ChannelData over UDP and over a stream, and malformed copies."""
import os, struct, zlib

COOKIE = 0x2112A442
TID = bytes(range(1, 13))
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "turn_parse")


def attr(t, v):
    return struct.pack("!HH", t, len(v)) + v + b"\0" * ((4 - len(v) % 4) % 4)


def xor_v4(t, ip, port):
    x = bytes(a ^ b for a, b in zip(bytes(ip), struct.pack("!I", COOKIE)))
    return attr(t, struct.pack("!BBH", 0, 1, port ^ (COOKIE >> 16)) + x)


def xor_v6(t, ip, port):
    mask = struct.pack("!I", COOKIE) + TID
    return attr(t, struct.pack("!BBH", 0, 2, port ^ (COOKIE >> 16)) + bytes(a ^ b for a, b in zip(ip, mask)))


def message(mtype, attrs):
    body = b"".join(attrs)
    head = struct.pack("!HHI", mtype, len(body) + 8, COOKIE) + TID
    crc = zlib.crc32(head + body) ^ 0x5354554E
    return head + body + struct.pack("!HHI", 0x8028, 4, crc)


CREDS = [attr(0x0006, b"1800000000:tag"), attr(0x0014, b"vicos"), attr(0x0015, b"0" * 40)]
SEEDS = {
    "allocate.bin": message(0x0003, [attr(0x0019, b"\x11\0\0\0"), attr(0x000D, b"\0\0\x02\x58"),
                                     attr(0x001A, b"")] + CREDS),
    "refresh_zero.bin": message(0x0004, [attr(0x000D, b"\0\0\0\0")] + CREDS),
    "permission.bin": message(0x0008, [xor_v4(0x0012, [10, 1, 0, 1], 40000),
                                       xor_v4(0x0012, [10, 1, 0, 2], 40001)] + CREDS),
    "channel_bind.bin": message(0x0009, [attr(0x000C, b"\x40\x00\0\0"),
                                         xor_v4(0x0012, [10, 1, 0, 1], 40000)] + CREDS),
    "send.bin": message(0x0016, [xor_v4(0x0012, [10, 1, 0, 1], 40000), attr(0x0013, b"\x80" * 13)]),
    "data_v6.bin": message(0x0017, [xor_v6(0x0012, bytes(range(16)), 40000), attr(0x0013, b"x")]),
    "allocate_reply.bin": message(0x0103, [xor_v4(0x0016, [10, 1, 0, 1], 50000),
                                           attr(0x0017, b"\x01\0\0\0")]),
    "channel_data_udp.bin": b"\x40\x00\x00\x05hello",
    "channel_data_stream.bin": b"\x4f\xff\x00\x05hello\0\0\0",
    "bad_lifetime.bin": message(0x0003, [attr(0x000D, b"\0\x01")]),
}

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
