# Reports every attempt to reach the outside world seen on one interface: ARP requests, and TCP or UDP over IPv4 or IPv6, one JSON line each (outbound.test.mjs, P28, P32).
#
#   python3 outbound_capture.py IFACE
# Prints "ready" once listening. ICMPv6 (the kernel's own multicast listener reports) is ignored.
import json
import socket
import sys

ETH_P_ALL = 0x0003
TCP, UDP = 6, 17


def describe(frame):
    kind = int.from_bytes(frame[12:14], "big")
    if kind == 0x0806 and len(frame) >= 42:
        return {"proto": "arp", "dst": socket.inet_ntop(socket.AF_INET, frame[38:42])}
    if kind == 0x0800 and len(frame) >= 34:
        proto = frame[23]
        header = (frame[14] & 0x0F) * 4
        if proto not in (TCP, UDP) or len(frame) < 14 + header + 4:
            return None
        port = int.from_bytes(frame[14 + header + 2 : 14 + header + 4], "big")
        return {"proto": "tcp" if proto == TCP else "udp",
                "dst": socket.inet_ntop(socket.AF_INET, frame[30:34]), "port": port}
    if kind == 0x86DD and len(frame) >= 58:
        proto = frame[20]
        if proto not in (TCP, UDP):
            return None
        port = int.from_bytes(frame[56:58], "big")
        return {"proto": "tcp" if proto == TCP else "udp",
                "dst": socket.inet_ntop(socket.AF_INET6, frame[38:54]), "port": port}
    return None


def main():
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.bind((sys.argv[1], 0))
    print("ready", flush=True)
    while True:
        seen = describe(sock.recv(65535))
        if seen:
            print(json.dumps(seen), flush=True)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
