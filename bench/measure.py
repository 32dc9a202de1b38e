"""Measuring a step in a forked process: its time and the process's peak resident memory."""

from __future__ import annotations

import json
import os
import resource
import signal
import time
from dataclasses import dataclass


@dataclass
class Outcome:
    """How a step run in a child ended. ``result`` is what the step returned (a short text),
    ``error`` why the child did not finish: an exception, a signal, the time or memory cap."""

    seconds: float = 0.0
    peak: float = 0.0  # MB
    result: str = ""
    error: str = ""


def run_in_child(step, *, timeout: int | None = None, address_space: int | None = None) -> Outcome:
    """Run ``step`` once in a forked child and report its time and peak resident memory (MB),
    C libraries included; pages it shares with the parent count too, so it is an upper bound
    for the step alone. ``timeout`` (seconds) and ``address_space`` (bytes) stop a child that
    would run too long or take too much of the machine. A program the step runs (the PDF's Typst
    process) adds its own peak: both live at once. Close database connections before calling:
    the child opens its own."""
    read, write = os.pipe()
    started = time.perf_counter()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        os.close(read)
        code = 0
        if address_space:
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        if timeout:
            signal.alarm(timeout)
        try:
            started = time.perf_counter()
            result = step()
            seconds = time.perf_counter() - started
            answer = {"seconds": seconds, "peak": _peak(), "result": str(result or "")}
        except BaseException as error:  # reported by the parent
            answer = {"error": repr(error)[:300]}
            answer["peak"] = _peak()
            answer["seconds"] = time.perf_counter() - started
            code = 1
        finally:
            os.write(write, json.dumps(answer).encode())
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    _pid, status, usage = os.wait4(child, 0)
    if text:
        return Outcome(**json.loads(text))
    seconds = time.perf_counter() - started
    reason = f"terminó con la señal {signal.Signals(os.WTERMSIG(status)).name}"
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGALRM:
        reason = f"se detuvo a los {timeout} s"
    return Outcome(seconds=seconds, peak=usage.ru_maxrss / 1024, error=reason)


def _peak() -> float:
    """MB: this process's peak resident memory plus the largest of the programs it ran."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def in_child(step) -> tuple[float, float]:
    """(seconds, peak MB) of ``step`` run once in a forked child (see ``run_in_child``);
    raises if the step fails."""
    outcome = run_in_child(step)
    if outcome.error:
        raise RuntimeError(f"the measured step failed: {outcome.error}")
    return outcome.seconds, outcome.peak
