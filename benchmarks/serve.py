"""Throughput and latency of `handout serve`: POST /api/v1/documents for the English handout.

    python benchmarks/serve.py [--workers 2] [--requests 400] [--json out/serve-benchmark.json]

Starts `handout serve` on a free loopback port, warms it up, then for 1, 8 and 32 concurrent
clients (keep-alive connections, each request for a different patient) prints requests per
second and the p50 / p95 latency. The client is a few lines of asyncio over raw sockets, so it
takes little of the CPU the server needs. Every loop is bounded in count and in time and talks
only to 127.0.0.1. Speed is measured here, never in the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ARTICLE = "back-spasms-pregnancy"
CONCURRENCY = (1, 8, 32)
TARGETS = "p95 under 50 ms at 8 clients; at least 150 handouts/s with 2 workers"
TIME_LIMIT = 60.0  # seconds per concurrency level, whatever the request count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "handout", "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("handout serve did not start within 60 s")


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU time used so far by the server process and by its build workers (Linux /proc; else 0)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def used(one: int) -> float:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick

    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        children = []
    return used(pid), sum(used(child) for child in children)


def request_bytes(port: int, patient: str) -> bytes:
    body = json.dumps({"article": ARTICLE, "patient": patient}).encode()
    head = (f"POST /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def client(port: int, todo: list[int], latencies: list[float], deadline: float) -> None:
    """One keep-alive connection sending requests until the shared list or the time runs out."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while todo and time.monotonic() < deadline:
            n = todo.pop()
            started = time.perf_counter()
            writer.write(request_bytes(port, f"Patient {n:05d}"))
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            body = await reader.readexactly(length)
            if status != 200 or not body.startswith(b"%PDF-"):
                raise SystemExit(f"request {n} answered {status}: {body[:200]!r}")
            latencies.append((time.perf_counter() - started) * 1000)
    finally:
        writer.close()


async def level(port: int, clients: int, requests: int, pid: int = 0) -> dict[str, float]:
    cpu_before = cpu_seconds(pid) if pid else (0.0, 0.0)
    todo = list(range(requests))
    latencies: list[float] = []
    deadline = time.monotonic() + TIME_LIMIT
    started = time.perf_counter()
    await asyncio.gather(*(client(port, todo, latencies, deadline) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    cpu_after = cpu_seconds(pid) if pid else (0.0, 0.0)
    return {
        "clients": clients, "requests": len(latencies), "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(ordered), "p95_ms": ordered[max(0, round(0.95 * len(ordered)) - 1)],
        "server_cpu_ms": 1000 * (cpu_after[0] - cpu_before[0]) / len(latencies),
        "worker_cpu_ms": 1000 * (cpu_after[1] - cpu_before[1]) / len(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="build workers of the server (default 2)")
    parser.add_argument("--requests", type=int, default=400, help="requests per concurrency level")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    port = free_port()
    server = start(port, args.workers)
    try:
        asyncio.run(level(port, 4, 60))  # warm-up: every worker has built a few
        results = [asyncio.run(level(port, clients, args.requests, server.pid)) for clients in CONCURRENCY]
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    print(f"POST /api/v1/documents, English handout, {args.workers} workers, {os.cpu_count()} cores")
    heads = ("clients", "requests", "per s", "p50 ms", "p95 ms", "CPU ms: server", "workers")
    print(" ".join(f"{h:>{max(8, len(h))}}" for h in heads))
    for r in results:
        print(f"{r['clients']:>8} {r['requests']:>8} {r['per_second']:>8.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}"
              f" {r['server_cpu_ms']:>14.1f} {r['worker_cpu_ms']:>8.1f}")
    print(f"load average when it started: {load} (other work on the machine slows every figure)")
    print(f"targets: {TARGETS}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"workers": args.workers, "load": load, "levels": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
