import pytest

from improvement.tests.factories import finding


@pytest.fixture
def first_window(time_machine):
    """3 April 2025: the window of period I (1 March to 10 April) is open."""
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


@pytest.fixture
def found(cartago, auditor):
    """An open finding of Servicios Administrativos, recorded by Control Interno."""
    return finding(cartago, auditor)
