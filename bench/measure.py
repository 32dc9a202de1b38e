"""Measuring a step in a forked process: its time and the process's peak resident memory."""

from __future__ import annotations

import json
import os
import resource
import time


def in_child(step) -> tuple[float, float]:
    """(seconds, peak MB) of ``step`` run once in a forked child. The peak is the child's
    resident memory, C libraries included; pages it shares with the parent count too, so it
    is an upper bound for the step alone. Close database connections before calling: the
    child opens its own."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        os.close(read)
        code = 0
        try:
            started = time.perf_counter()
            step()
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            os.write(write, json.dumps([seconds, peak]).encode())
        except BaseException as error:  # reported by the parent
            os.write(write, json.dumps({"error": repr(error)}).encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        answer = json.loads(pipe.read() or '{"error": "the child died"}')
    os.waitpid(child, 0)
    if isinstance(answer, dict):
        raise RuntimeError(f"the measured step failed: {answer['error']}")
    return answer[0], answer[1]
