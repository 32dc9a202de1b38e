"""Counting the calls of a real function, to tell how often a page or a file was rendered."""

from collections.abc import Callable


def count_calls(monkeypatch, owner, name: str) -> list[tuple]:
    """Replace ``owner.name`` with a wrapper that records each call's arguments and calls the
    real function; the returned list grows with every call."""
    calls: list[tuple] = []
    real: Callable = getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
