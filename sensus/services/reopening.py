"""Reopening a submitted self-response, from the administrator's page.

The same act as ``sensus household reopen`` (``SelfResponseService.reopen``: the household
may edit and submit again, audited as ``reopened`` with the reason), for a signed-in
administrator: the audit log names them, and the reason is required.
"""

from __future__ import annotations

from sensus.domain import errors
from sensus.domain.errors import FieldError
from sensus.domain.identity import mask, validate_kk
from sensus.domain.staff import ADMIN, StaffMember, require_role
from sensus.services.self_response import SelfResponseService

MAX_REASON = 500


class HouseholdReopening:
    def __init__(self, self_response: SelfResponseService) -> None:
        self._self_response = self_response

    def reopen(self, actor: StaffMember, kk: str, reason: str) -> str:
        """Reopen the household of ``kk``; its KK masked, to say which one was reopened."""
        require_role(actor, ADMIN)
        kk, reason = kk.strip(), reason.strip()
        problems = validate_kk(kk)
        if not reason or len(reason) > MAX_REASON:
            problems.append(
                FieldError(
                    "reason",
                    "invalid_text",
                    f"Wajib diisi, paling banyak {MAX_REASON} karakter.",
                    f"Required, at most {MAX_REASON} characters.",
                )
            )
        if problems:
            raise errors.invalid(problems)
        self._self_response.reopen(kk, actor=actor.audit_name, reason=reason)
        return mask(kk)
