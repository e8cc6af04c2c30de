"""Bad input in the treaty records and group files stops the build with file, row and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bundle import Edit, bundle_copy, rename_column, set_cell
from tests.conftest import Built
from tests.evidence.test_build import failed_build

UNTC_1954 = "treaties/untc_chapters_v_xviii/untc_5-3.csv"
UNTOC = "treaties/untc_chapters_v_xviii/untc_18-12.csv"
MANYHEALTH = "treaties/manyhealth/manyhealth_refugee_icmw_memberships.csv"
GROUPS = "groups/memberstates_groups_2020.csv"
G20 = "groups/treemapify_g20.csv"
IIGO = "groups/manyios_iigo_migration_processes_2017.csv"
CONSENT = "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"

CASES: list[tuple[str, str, Edit, int, str, str]] = [
    (
        "changed column",
        UNTC_1954,
        rename_column("Signature", "Signed"),
        1,
        "Signature",
        "the columns changed",
    ),
    (
        "unknown participant",
        UNTOC,
        set_cell(5, "Participant", "Atlantis"),
        5,
        "Participant",
        "unknown country or area (found 'Atlantis')",
    ),
    ("bad date", UNTOC, set_cell(5, CONSENT, "31 Foo 2003"), 5, CONSENT, "not a UNTC date"),
    (
        "unknown state, manyhealth",
        MANYHEALTH,
        set_cell(3, "StateName", "Atlantis"),
        3,
        "StateName",
        "unknown country or area",
    ),
    (
        "changed column, groups",
        GROUPS,
        rename_column("iso3c", "iso3"),
        1,
        "iso3c",
        "the columns changed",
    ),
    ("unknown group", GROUPS, set_cell(2, "group", "G77"), 2, "group", "unknown group"),
    (
        "unknown G20 member",
        G20,
        set_cell(4, "country", "Atlantis"),
        4,
        "country",
        "unknown country or area",
    ),
    (
        "unknown process member",
        IIGO,
        set_cell(10, "stateID", "XYZ"),
        10,
        "stateID",
        "unknown country or area",
    ),
]


@pytest.mark.parametrize(
    ("case", "file", "edit", "row", "field", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_in_a_new_file_names_file_row_and_field(
    built: Built,
    tmp_path: Path,
    case: str,
    file: str,
    edit: Edit,
    row: int,
    field: str,
    message: str,
) -> None:
    data = bundle_copy(tmp_path / "data", {file: edit})
    error = failed_build(built, data, verify_checksums=False)
    assert (error.file, error.row, error.field) == (file, row, field)
    assert message in str(error)
