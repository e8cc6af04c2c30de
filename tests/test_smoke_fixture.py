from sqlalchemy import Connection, func, select

from commonground.evidence.store.tables import areas


def test_built_database_has_the_un_members(conn: Connection) -> None:
    members = conn.execute(select(func.count()).where(areas.c.un_member.is_(True))).scalar()
    assert members == 193
