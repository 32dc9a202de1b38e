import pytest


@pytest.fixture(scope="session")
def seed_lines(seed_bytes: bytes) -> list[str]:
    """The seed as lines: line n of the file is ``seed_lines[n - 1]``."""
    return seed_bytes.decode("utf-8").split("\n")
