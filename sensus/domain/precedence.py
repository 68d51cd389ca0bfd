"""Which of a household's records is final, when it answered online and was interviewed too.

The rule (DESIGN.md, ADR 0008): a submitted self-response is final over any interview of
the same household, whichever arrived first, unless a supervisor decides otherwise. Among
interviews, the newest replaces the older ones (an officer re-sends an interview the
supervisor returned). Both kinds of record are always kept; only the ``is_final`` mark moves,
and every move is written to the audit log.
"""

from __future__ import annotations

SELF_RESPONSE, INTERVIEW = "self_response", "interview"

# Audit actions of the rule and of a supervisor's decision.
APPLIED = "precedence_applied"
DECIDED = "precedence_decided"


def interview_becomes_final(final_mode: str | None) -> bool:
    """Whether a newly stored interview becomes final, given the mode of the household's
    current final record (None when it has none).

    An interview's final mark over a self-response only ever comes from a supervisor, so a
    final interview means either no self-response or a supervisor's decision: in both cases
    the newer interview takes its place.
    """
    return final_mode != SELF_RESPONSE
