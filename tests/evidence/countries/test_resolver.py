"""One identity per country, whatever code or spelling a source uses; aggregates stay aggregates."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Connection, func, select

from commonground.analysis.areas import find_area
from commonground.domain.errors import UnresolvedCountry
from commonground.evidence.countries import AreaResolver
from commonground.evidence.store.tables import areas
from tests.conftest import DATA_DIR

CLASSIFICATIONS = DATA_DIR / "classifications"


def countrynames() -> pd.DataFrame:
    return pd.read_csv(
        CLASSIFICATIONS / "gdidata_countrynames.csv", dtype=str, keep_default_na=False
    )


@pytest.fixture
def resolver() -> AreaResolver:
    """A resolver fed the real rows of Namibia and Niger from the classification file."""
    names = countrynames()
    resolver = AreaResolver()
    for row in names[names["iso3"].isin(["NAM", "NER"])].itertuples():
        resolver.add_area(row.iso3, "country")
        for name in (row.name, row.name_sort, row.name_text):
            resolver.add_name(name, row.iso3, origin="gdidata_countrynames.csv")
        resolver.add_iso2(row.iso2, row.iso3)
        resolver.add_m49(int(row.m49), row.iso3)
    return resolver


@pytest.mark.parametrize("value", ["NA", "516", "NAM", "Namibia", " namibia "])
def test_resolver_maps_every_code_of_namibia(resolver: AreaResolver, value: str) -> None:
    assert resolver.resolve(value, file="f.csv", row=2, field="iso2") == "NAM"


def test_resolver_names_file_row_field_and_value_when_it_cannot_map(
    resolver: AreaResolver,
) -> None:
    with pytest.raises(UnresolvedCountry) as caught:
        resolver.resolve("Atlantis", file="f.csv", row=7, field="country")
    error = caught.value
    assert (error.file, error.row, error.field, error.value) == ("f.csv", 7, "country", "Atlantis")
    assert "f.csv, row 7, field 'country'" in str(error)


def test_resolver_refuses_one_spelling_for_two_places(resolver: AreaResolver) -> None:
    with pytest.raises(ValueError, match="already means NAM"):
        resolver.add_name("Namibia", "NER", origin="a test")


@pytest.mark.parametrize("value", ["NA", "516", "NAM", "Namibia"])
def test_built_database_finds_namibia_by_every_code(conn: Connection, value: str) -> None:
    assert find_area(conn, value) == "NAM"


def test_193_un_members_as_in_the_treaty_files(conn: Connection) -> None:
    raw = pd.read_csv(
        DATA_DIR / "treaties" / "un_core_hr_treaties" / "hr_status_icmw.csv",
        dtype=str,
        keep_default_na=False,
    )
    assert len(raw) == 193
    members = conn.execute(
        select(areas.c.iso2, areas.c.kind).where(areas.c.un_member.is_(True))
    ).all()
    # The treaty files still code Timor-Leste by its former ISO code TP.
    assert {iso2 for iso2, _ in members} == set(raw["iso2"].replace({"TP": "TL"}))
    assert find_area(conn, "TP") == "TLS"
    assert {kind for _, kind in members} == {"country"}


@pytest.mark.parametrize("code", ["world", "more-developed-regions", "other-north", "OOO"])
def test_aggregates_are_never_countries(conn: Connection, code: str) -> None:
    row = conn.execute(select(areas.c.kind, areas.c.un_member).where(areas.c.code == code)).one()
    assert row.kind == "aggregate"
    assert not row.un_member


def test_development_groups_as_in_the_2019_annex(conn: Connection) -> None:
    annex = pd.read_csv(
        CLASSIFICATIONS / "undesa_ims2019_annex_development_income_groups.csv",
        dtype=str,
        keep_default_na=False,
    )
    more = int((annex["More Developed Regions"] == "1").sum())
    less = int((annex["Less Developed Regions"] == "1").sum())
    assert (more, less) == (56, 176)  # MANIFEST
    counts = dict(
        conn.execute(
            select(areas.c.development_group, func.count())
            .where(areas.c.development_group.is_not(None))
            .group_by(areas.c.development_group)
        ).all()
    )
    assert counts == {"more developed": more, "less developed": less}
    germany = conn.execute(
        select(areas.c.development_group, areas.c.income_group).where(areas.c.code == "DEU")
    ).one()
    assert tuple(germany) == ("more developed", "high income")
