"""The exchange format's type says what the practice model stores: every field, in the order
an export writes them. An export reads each practice through that type, so a field it left
out would be missing from every exported file."""

from __future__ import annotations

from commonground.workspace.practice import Contact, Corridor, Imported, Objectives, Origin
from commonground.workspace.practice import PracticeData as Data
from commonground.workspace.practice_seed import (
    ContactItem,
    CorridorItem,
    Exchanged,
    ImportedItem,
    ObjectivesItem,
    OriginItem,
    columns,
)


def test_the_exchange_type_names_every_field_of_the_model_in_its_order() -> None:
    assert list(Exchanged.__annotations__) == columns()
    stored = list(Data.model_json_schema(by_alias=True)["properties"])
    assert list(Exchanged.__annotations__) == ["id", *stored]
    for item, model in (
        (CorridorItem, Corridor),
        (ObjectivesItem, Objectives),
        (OriginItem, Origin),
        (ContactItem, Contact),
        (ImportedItem, Imported),
    ):
        assert list(item.__annotations__) == list(model.model_fields), item.__name__
