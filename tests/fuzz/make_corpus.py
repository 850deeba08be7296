#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/) from the wire
vectors in specs/vectors: every ```hex block of the documents and the MMS association stream.

Run from anywhere: tests/fuzz/make_corpus.py. It replaces the seed files it writes (named
after the vector) and leaves the regressions alone. The input formats are described in each
target's source; the connection targets' in connection_fuzz.hpp.
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "specs" / "vectors"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"

# The scenarios of link.cpp, by index: 0..3 connection set-up, 4.. the data phase.
SCENARIOS = 33
DATA_PHASE = range(4, SCENARIOS)
ALL_UNITS_SELF, ALL_UNITS_PEER = 7, 8
# spdu_decode's option octet as DecodeOptions{} has it: activity management only.
DEFAULT_OPTIONS = 0x02


def parse_hex(text):
    octets = bytearray()
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        octets += bytes.fromhex("".join(line.split()))
    return bytes(octets)


def vectors():
    """(name, layer, octets) for every ```hex block, named after its document and section."""
    for doc in sorted(VECTORS.glob("*.md")):
        section = doc.stem
        lines = doc.read_text().splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("## "):
                section = re.sub(r"[^A-Za-z0-9]+", "-", line[3:].split(". ")[0]).strip("-")
            if line.startswith("```hex "):
                layer = line.split()[1]
                body = []
                i += 1
                while lines[i] != "```":
                    body.append(lines[i])
                    i += 1
                yield f"{doc.stem}-{section}", layer, parse_hex("\n".join(body))
            i += 1


def tpkts(stream):
    """Cuts a TPKT stream into packets (the vectors are valid streams)."""
    packets = []
    while stream:
        size = stream[2] << 8 | stream[3]
        packets.append(stream[:size])
        stream = stream[size:]
    return packets


def mms_association():
    """(direction, packet) of specs/vectors/mms-association.hex; direction is 'client -> server'
    or 'server -> client' as its comments say."""
    direction, hexed, out = None, [], []
    for line in (VECTORS / "mms-association.hex").read_text().splitlines():
        m = re.match(r"#\s*(client -> server|server -> client)", line)
        if m:
            if hexed:
                out.append((direction, parse_hex("\n".join(hexed))))
            direction, hexed = m.group(1), []
        elif not line.startswith("#"):
            hexed.append(line)
    if hexed:
        out.append((direction, parse_hex("\n".join(hexed))))
    return [(d, p) for d, stream in out for p in tpkts(stream)]


def tsdu_op(tsdu):
    """connection_fuzz.hpp: a TSDU received as one DT with EOT."""
    if len(tsdu) < 256:
        return bytes([0x01, len(tsdu)]) + tsdu
    return bytes([0x05, len(tsdu) & 0xFF, len(tsdu) >> 8]) + tsdu


def raw_ops(octets):
    """connection_fuzz.hpp: octets received as they are, in runs of at most 256."""
    out = bytearray()
    for i in range(0, len(octets), 256):
        run = octets[i:i + 256]
        out += bytes([0x00, len(run) - 1]) + run
    return bytes(out)


def chunks(octets):
    """net_server.cpp: octets written as chunks of a length octet and at most 255 octets."""
    out = bytearray()
    for i in range(0, len(octets), 255):
        run = octets[i:i + 255]
        out += bytes([len(run)]) + run
    return bytes(out)


def write(target, name, octets):
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(octets)


def main():
    tsdus = []
    for name, layer, octets in vectors():
        if layer == "tpkt":
            write("tpkt_framer", name, bytes([0, 0]) + octets)
            # Two cuts, inside the first header and in the middle.
            write("tpkt_framer", name + "-cut", bytes([2, 0, 2, 0, len(octets) // 2, 0]) + octets)
            for k, packet in enumerate(tpkts(octets)):
                write("tpdu_decode", f"{name}-{k}", packet[4:])
                if packet[4:7] == b"\x02\xf0\x80":
                    tsdus.append((f"{name}-{k}", packet[7:]))
        elif layer == "tpdu":
            write("tpdu_decode", name, octets)
        else:
            tsdus.append((name, octets))

    association = mms_association()
    write("tpkt_framer", "mms-association", bytes([0, 0]) + b"".join(p for _, p in association))
    for k, (_, packet) in enumerate(association):
        write("tpdu_decode", f"mms-association-{k}", packet[4:])
        if packet[4:7] == b"\x02\xf0\x80":
            tsdus.append((f"mms-association-{k}", packet[7:]))

    for name, tsdu in tsdus:
        write("spdu_decode", name, bytes([DEFAULT_OPTIONS]) + tsdu)

    # The network server: the client's side of the association, a TPKT per write, under the
    # default options and under the tightest ones (net_server.cpp's option octet).
    client = [p for d, p in association if d == "client -> server"]
    # Then S-DATA of 100 octets three times (GT + DT in one DT TPDU) and S-RELEASE (FN).
    def dt_tpkt(tsdu):
        return bytes([3, 0, (len(tsdu) + 7) >> 8, (len(tsdu) + 7) & 0xFF, 2, 0xF0, 0x80]) + tsdu
    dialogue = client + [dt_tpkt(bytes([1, 0, 1, 0]) + bytes(range(100)))] * 3 + [
        dt_tpkt(bytes([9, 0]))]
    write("net_server", "mms-association-data-release-00",
          bytes([0x00]) + b"".join(chunks(p) for p in dialogue))
    write("net_server", "mms-association-data-release-3f",
          bytes([0x3F]) + b"".join(chunks(p) for p in dialogue))
    # The association, then the server's graceful shutdown (option bit 6) mid-session.
    write("net_server", "mms-association-shutdown-40",
          bytes([0x40]) + b"".join(chunks(p) for p in client))
    for config in (0x00, 0x3F, 0x15):
        write("net_server", f"mms-association-{config:02x}", bytes([config]) + b"".join(
            chunks(p) for p in client))
        write("net_server", f"mms-association-one-write-{config:02x}",
              bytes([config]) + chunks(b"".join(client)))

    # The connection targets: every scenario with nothing more, the whole association as each
    # side receives it, and every TSDU in the data phase (two fixed scenarios and one more).
    for role, incoming in (("responder", "client -> server"), ("initiator", "server -> client")):
        for s in range(SCENARIOS):
            write(role, f"scenario-{s:02d}", bytes([s]))
        stream = b"".join(p for d, p in association if d == incoming)
        write(role, "mms-association", bytes([0]) + raw_ops(stream))
        for i, (name, tsdu) in enumerate(tsdus):
            op = tsdu_op(tsdu)
            write(role, f"{name}-all-self", bytes([ALL_UNITS_SELF]) + op)
            write(role, f"{name}-all-peer", bytes([ALL_UNITS_PEER]) + op)
            s = DATA_PHASE[i % len(DATA_PHASE)]
            write(role, f"{name}-scenario-{s:02d}", bytes([s]) + op)


if __name__ == "__main__":
    main()
