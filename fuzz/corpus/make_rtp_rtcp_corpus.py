#!/usr/bin/env python3
"""Writes the seed corpora of the rtp_parse, rtcp_parse and rtcp_transport_cc fuzz targets (valid packets from
the unit tests' vectors plus truncated copies). Run from the repository root."""
import os

RTP = {
    "opus_mid_level": "90ef1234000003c0deadbeef bede0002 1030 209e 00000000 fcfffe",
    "csrc_padding": "a2600001 00000002 00000003 11111111 22222222 aabb 000003",
    "vp8_key_ext": "90600001 00000002 00000003 bede0002 1031 32040000 0000"
                   " b0f09234056a 502a009d012a",
    "vp8_inter": "80600002 00000003 00000004 9080 8100 512a00",
    "two_byte": "90600001 00000002 00000003 10050003 01026162 00 1000 ff0109 0000 10",
    "id15": "90600001 00000002 00000003 bede0002 1030 f3 2001 000000",
}

CNAME = "4f7a6b32514e6c7a6d7853796f4f6e53"  # 16 ASCII characters
RTCP = {
    "rr_sdes": "81c90007 a1b2c3d4 11223344 05000010 0001ffff 00000020 12345678 00010000"
               " 81ca0006 a1b2c3d4 0110" + CNAME + "0000",
    "sr": "80c80006 11223344 e4a1b2c3 80000000 0000bb80 00000064 00003e80",
    "nack": "81cd0003 00000001 11223344 00640005",
    "pli": "81ce0002 00000001 11223344",
    "fir": "84ce0004 00000001 00000000 11223344 07000000",
    "remb": "8fce0005 00000001 00000000 52454d42 0107d090 11223344",
    "bye": "81cb0003 11223344 04627965 21000000",
    "sr_padding": "a0c80007 11223344 e4a1b2c3 80000000 0000bb80 00000064 00003e80 00000004",
}


def write(target, samples):
    folder = os.path.join("fuzz", "corpus", target)
    os.makedirs(folder, exist_ok=True)
    for name, text in samples.items():
        data = bytes.fromhex(text.replace(" ", ""))
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        for cut in (len(data) // 2, len(data) - 1):
            with open(os.path.join(folder, f"{name}_cut{cut}"), "wb") as f:
                f.write(data[:cut])


# Transport-wide CC feedback (src/rtcp/feedback_transport_cc_test.cpp): P padding, zero padding,
# 1-bit and 2-bit vectors, a long run of losses, and one inside a compound after an RR.
TRANSPORT_CC = {
    "twcc_run": "afcd0006 00000001 11223344 000a0003 00001007 2003 04080c 000003",
    "twcc_one_bit_wrap": "8fcd0006 00000001 11223344 fffe0004 00000100 ac00 010203 000000",
    "twcc_two_bit": "afcd0006 00000001 11223344 00640003 ffffff05 d800 10 fff8 000003",
    "twcc_lost_run": "8fcd0006 00000001 11223344 000503e9 00000001 03e8 2001 ff000000",
    "rr_twcc": "80c90001 a1b2c3d4 afcd0006 00000001 11223344 000a0003 00001007 2003 04080c 000003",
}


write("rtp_parse", RTP)
write("rtcp_parse", RTCP)
write("rtcp_transport_cc", TRANSPORT_CC)
