"""The strings the browser modules show, keyed as the JavaScript asks for them (``t(key)``).

They go through the same catalog as the templates (``N_`` marks them for extraction) and
are rendered into each page as JSON in the page's language. ``{name}`` is a placeholder
that the browser fills in.
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


CLIENT_STRINGS: dict[str, str] = {
    # Talking to the server
    "network_error": N_("No connection. Check your signal and try again."),
    "server_error": N_("The census server is busy. Please try again in a moment."),
    "try_again": N_("Try again"),
    "saving": N_("Saving…"),
    "saved": N_("All answers are saved."),
    "unsaved": N_("Not saved yet: no connection. Your answers stay on this page."),
    "sending": N_("Sending…"),
    "send_failed_retry": N_(
        "Sending failed: no connection. Press Send again when you have signal."
    ),
    # Checks before sending a form
    "required": N_("Please fill this in."),
    "sixteen_digits": N_("Enter exactly 16 digits."),
    "password_too_short": N_("The password needs at least {count} characters."),
    "password_mismatch": N_("The two passwords are not the same."),
    "choose_village": N_("Choose the province, regency, district and village."),
    "rt_rw_digits": N_("Enter 1 to 3 digits."),
    "fix_errors": N_("Some answers need correcting. See the messages below."),
    # Fields
    "choose": N_("Choose…"),
    "yes": N_("Yes"),
    "no": N_("No"),
    "region_province": N_("Province"),
    "region_regency": N_("Regency or city"),
    "region_district": N_("District (kecamatan)"),
    "region_village": N_("Village (desa or kelurahan)"),
    # Steps
    "step_of": N_("Step {step} of {total}"),
    "back": N_("Back"),
    "next": N_("Next"),
    "submit": N_("Send the answers"),
    # Roster
    "roster_title": N_("Household members"),
    "roster_intro": N_(
        "These are the people on your family card. Tell us who lives here now, and add "
        "anyone who is missing."
    ),
    "presence_lives_here": N_("Lives here"),
    "presence_moved_away": N_("Moved away"),
    "presence_died": N_("Died"),
    "presence_new": N_("New member"),
    "born_on": N_("born {date}"),
    "new_member": N_("New member"),
    "added_member_hint": N_("Not on the family card: a newborn baby or someone who moved in."),
    "add_member_title": N_("Someone missing?"),
    "add_member_hint": N_(
        "Add a baby born recently, or anyone who lives here but is not on the family card."
    ),
    "add_member": N_("Add a person"),
    "remove_member": N_("Remove {name}"),
    # Household questions and review
    "household_title": N_("About the household"),
    "review_title": N_("Check your answers"),
    "review_intro": N_(
        "Check every answer before you send. After sending, the answers cannot be changed."
    ),
    "edit": N_("Change"),
    "edit_section": N_("Change: {section}"),
    "not_answered": N_("Not answered"),
}
