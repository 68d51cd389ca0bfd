"""Who may see what: the officers whose work a member of staff may see.

Enforced here, in the services, whatever route or command asks: an officer sees their own
areas and assignments, a supervisor those of the officers they oversee, an administrator
everybody's. A thing outside one's scope is answered as if it did not exist.
"""

from __future__ import annotations

from sensus.domain.staff import ADMIN, OFFICER, SUPERVISOR, StaffMember
from sensus.storage import staff as staff_store
from sensus.storage.database import Database


def officer_ids(db: Database, actor: StaffMember) -> list[int] | None:
    """The officers ``actor`` may see the work of; None means every officer (administrators)."""
    if actor.role == ADMIN:
        return None
    if actor.role == SUPERVISOR:
        return [s.id for s in staff_store.staff_under(db, actor.id) if s.role == OFFICER]
    return [actor.id]


def may_see(db: Database, actor: StaffMember, officer_id: int | None) -> bool:
    """Whether ``actor`` may see the work of ``officer_id`` (None: nobody's in particular)."""
    allowed = officer_ids(db, actor)
    return allowed is None or (officer_id is not None and officer_id in allowed)
