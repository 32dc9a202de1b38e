import datetime

import pytest

from dialogue import services

ADMINISTRATIVE = "Secretaría de Servicios Administrativos"


@pytest.fixture
def groups(cartago, planner):
    from participation.services import install_default_value_groups

    return install_default_value_groups(cartago, by=planner)


@pytest.fixture
def unit_a(cartago):
    """The dependencia reporter_a (luis) answers for."""
    return cartago.units.get(name=ADMINISTRATIVE)


@pytest.fixture
def make_event(cartago, planner, groups):
    def _make(**fields):
        fields.setdefault("title", "Rendición de cuentas de la vigencia 2025")
        fields.setdefault("kind", "audiencia_publica")
        fields.setdefault(
            "starts_at",
            datetime.datetime(
                2026, 3, 10, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
            ),
        )
        fields.setdefault("place", "Concejo Municipal")
        fields.setdefault("municipality", "Cartago")
        value_groups = fields.pop("value_groups", groups[:2])
        return services.create_event(cartago, by=planner, value_groups=value_groups, **fields)

    return _make


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
