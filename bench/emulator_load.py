#!/usr/bin/env python3
"""Drives N concurrent ConverseStream calls through the emulator over HTTP/1.1 (one connection each)
and reports throughput and errors. Usage: emulator_load.py ENDPOINT [--streams 500] [--rounds 3]"""
import argparse
import asyncio
import json
import statistics
import struct
import time
from urllib.parse import urlparse

PROMPT = " ".join(f"word{i}" for i in range(200))  # 200 deltas per stream
BODY = json.dumps({"messages": [{"role": "user", "content": [{"text": PROMPT}]}]}).encode()
PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream"


def frames(payload):
    """Counts event-stream frames and returns the text of contentBlockDelta events."""
    count, text, i = 0, [], 0
    while i + 12 <= len(payload):
        total, headers_len = struct.unpack(">II", payload[i:i + 8])
        body = payload[i + 12 + headers_len:i + total - 4]
        if b"contentBlockDelta" in payload[i + 12:i + 12 + headers_len]:
            text.append(json.loads(body)["delta"]["text"])
        count += 1
        i += total
    return count, "".join(text)


def dechunk(data):
    out, i = bytearray(), 0
    while True:
        j = data.index(b"\r\n", i)
        size = int(data[i:j], 16)
        if size == 0:
            return bytes(out)
        out += data[j + 2:j + 2 + size]
        i = j + 2 + size + 2


async def one(host, port):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"POST {PATH} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {len(BODY)}\r\nConnection: close\r\n\r\n".encode() + BODY)
    await writer.drain()
    data = await reader.read(-1)
    writer.close()
    head, _, rest = data.partition(b"\r\n\r\n")
    if b" 200 " not in head.split(b"\r\n")[0]:
        raise RuntimeError(head.split(b"\r\n")[0].decode())
    count, text = frames(dechunk(rest))
    if text != PROMPT:
        raise RuntimeError("the streamed text differs from the prompt")
    return count, len(rest)


async def round_(host, port, streams):
    start = time.perf_counter()
    results = await asyncio.gather(*(one(host, port) for _ in range(streams)), return_exceptions=True)
    elapsed = time.perf_counter() - start
    errors = [r for r in results if isinstance(r, Exception)]
    good = [r for r in results if not isinstance(r, Exception)]
    return elapsed, errors, sum(c for c, _ in good), sum(b for _, b in good)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint")
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    url = urlparse(args.endpoint)
    asyncio.run(round_(url.hostname, url.port, 20))  # warm-up
    times, all_errors = [], []
    for _ in range(args.rounds):
        elapsed, errors, frame_count, byte_count = asyncio.run(round_(url.hostname, url.port, args.streams))
        times.append(elapsed)
        all_errors += errors
    median = statistics.median(times)
    print(f"emulator: {args.streams} concurrent ConverseStream calls x {args.rounds} rounds, 200 text deltas each")
    print(f"  median round {median:.2f} s -> {args.streams / median:.0f} streams/s, "
          f"{frame_count / median:.0f} frames/s, {byte_count / median / 1e6:.1f} MB/s; errors: {len(all_errors)}")
    if all_errors:
        print(f"  first error: {all_errors[0]!r}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
