"""The placement log's table renders its page quickly (cip.tables.QuickBodyMixin) and exactly
as django-tables2 would."""

from datetime import date
from decimal import Decimal

import django_tables2 as tables
import pytest

from placements.models import Episode
from placements.tables import EpisodeTable
from tests.placements.factories import ChildFactory, EpisodeFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def _cells(rows):
    return [
        (row.attrs["class"], [(col.attrs.get("td", {}), str(cell)) for col, cell in row.items()])
        for row in rows
    ]


@pytest.mark.parametrize("can_edit", [True, False])
def test_the_quick_page_is_the_page_django_tables2_renders(partnership, can_edit):
    provider = ProviderFactory(partnership=partnership, name="Wreake <House> & Co")
    child = ChildFactory(partnership=partnership)
    EpisodeFactory(
        child=child,
        dec=date(2018, 6, 1),
        rec="X1",
        provider=provider,
        place="K2",
        place_provider="PR4",
        in_county=False,
        purchase_route="framework",
        weekly_cost=Decimal("5117.13"),
    )
    EpisodeFactory(
        child=child, decom=date(2018, 6, 1), in_county=True, weekly_cost=None, purchase_route=""
    )
    EpisodeFactory(
        child__partnership=partnership,
        decom=date(2019, 2, 3),
        place="P1",
        place_provider="PR0",
        in_county=None,
    )
    episodes = Episode.objects.filter(partnership=partnership).select_related("child", "provider")
    table = EpisodeTable(episodes, partnership=partnership, can_edit=can_edit)
    table.paginate(per_page=2)
    quick = table.paginated_rows
    assert not isinstance(quick, tables.rows.BoundRows)  # the quick path was taken
    assert _cells(quick) == _cells(tables.Table.paginated_rows.fget(table))
    assert len(quick) == 2
