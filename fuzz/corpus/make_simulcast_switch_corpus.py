#!/usr/bin/env python3
"""Writes the seed corpus of the simulcast_switch fuzz target (fuzz/simulcast_switch.cpp):
op streams of three VP8 encodings with keyframes, temporal layers, sender reports and target
changes. Run from the repository root."""
import os
import struct

S, PID15, KEY, PADDING = 0x10, 0x20, 0x40, 0x08  # shape byte
MARKER, LAYERS = 0x80, 0x20                      # flags byte (+ TID << 3, Y << 2)


def packet(enc, flags, shape, seq_step=1, ts_step=0, pid=0, tl0=0, size=8):
    return (bytes([2 | enc << 2, flags, shape]) + struct.pack(">HH", seq_step & 0xFFFF, ts_step & 0xFFFF)
            + bytes([pid, tl0, size]))


def target(spatial, temporal):
    return bytes([spatial << 2 | temporal << 4])


def report(enc, ntp, rtp):
    return bytes([1 | enc << 2]) + struct.pack(">II", ntp, rtp)


def frames(enc, count, first_key, temporal=True, ts=3000):
    out = b""
    for n in range(count):
        tid = (0, 2, 1, 2)[n % 4] if temporal else 0
        flags = (LAYERS | tid << 3 | (n % 4 != 3) << 2) if temporal else 0x00
        key = KEY if (n == 0 and first_key) else 0
        out += packet(enc, flags, S | PID15 | key, 1, ts if n else 0, pid=n, tl0=n // 4)
        out += packet(enc, flags | MARKER, PID15, 1, 0, pid=n, tl0=n // 4)
    return out


SEEDS = {
    "start_and_temporal": target(0, 1) + frames(0, 12, True),
    "up_switch": target(0, 2) + report(0, 100, 0) + report(2, 100, 0) + frames(0, 4, True)
    + target(2, 2) + frames(2, 6, True) + frames(0, 2, False),
    "down_switch_cut": target(2, 2) + frames(2, 5, True) + report(2, 200, 5) + report(1, 200, 9)
    + target(1, 0) + packet(2, LAYERS, S | PID15, ts_step=3000) + frames(1, 4, True),
    "no_temporal": target(1, 0) + frames(1, 6, True, temporal=False),
    "padding_and_reorder": target(0, 2) + frames(0, 3, True)
    + packet(0, 0, PADDING) + packet(0, LAYERS, PID15, seq_step=-3) + frames(0, 3, False),
    "ssrc_change": target(0, 2) + frames(0, 3, True) + packet(0, 0x40 | LAYERS, S | PID15 | KEY)
    + frames(0, 2, False),
}

folder = os.path.join("fuzz", "corpus", "simulcast_switch")
os.makedirs(folder, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)
