"""A real redis-server on a free loopback port for the scale-out tests and benchmark.

redis-server comes from Debian (``make system-deps`` installs it). When it is missing and we run as root
with apt-get available (CI), it is installed here; otherwise the tests are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_server_binary() -> tuple[str | None, str]:
    """Path of redis-server (installing it from Debian if we can), or None and why not."""
    found = shutil.which("redis-server")
    if found:
        return found, ""
    if shutil.which("apt-get") is None:
        return None, "redis-server is not installed and apt-get is not available"
    if os.geteuid() != 0:
        return None, "redis-server is not installed; run `make system-deps` (apt-get install redis-server) as root"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    result = subprocess.run(["apt-get", "install", "-y", "-qq", "redis-server"], env=env, capture_output=True,
                            text=True, timeout=600)
    if result.returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
        result = subprocess.run(["apt-get", "install", "-y", "-qq", "redis-server"], env=env, capture_output=True,
                                text=True, timeout=600)
    found = shutil.which("redis-server")
    return (found, "") if found else (None, f"apt-get install redis-server failed: {result.stderr[-300:]}")


class RedisServer:
    def __init__(self, binary: str, workdir: Path):
        self.binary = binary
        self.workdir = Path(workdir)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 15) -> RedisServer:
        import redis

        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir), "--protected-mode", "yes"],
            stdout=(self.workdir / "redis.log").open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url, socket_timeout=1).ping()
                return self
            except redis.RedisError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"redis-server did not start: {(self.workdir / 'redis.log').read_text()[-1000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None
