import pytest

from participation import personal_data
from participation.tests.fake_holder import NotebookHolder


@pytest.fixture
def notebook():
    """A holder of personal data registered for one test, as another app's would be."""
    holder = NotebookHolder()
    personal_data.register(holder)
    yield holder
    personal_data._holders.remove(holder)
