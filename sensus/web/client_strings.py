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
    "sending": N_("Sending…"),
    "first_open_needs_network": N_(
        "The first time on this device, the form needs a connection to load your household. "
        "Try again when you have signal."
    ),
    "reload_needed": N_("A newer version of this page was opened. Reload this page."),
    "language_needs_signal": N_("Changing the language needs a connection."),
    "signout_needs_signal": N_("Signing out needs a connection. Try again when you have signal."),
    # Where the answers are (the save state never says more than is true)
    "state_saving": N_("Saving on this device…"),
    "state_on_device": N_("Saved on this device"),
    "state_syncing": N_("Saved on this device · syncing…"),
    "state_synced": N_(
        "Synced: your draft is on the census server, not sent yet. Send it at the last step."
    ),
    "state_waiting": N_("Waiting for signal… Saved on this device"),
    "state_busy": N_("The server is busy; trying again soon. Saved on this device"),
    "state_signin": N_("Session ended: sign in again to sync. Saved on this device"),
    "state_refused": N_("The server did not accept the last change. See the messages."),
    "state_not_on_device": N_(
        "Not saved on this device: keep this page open until your answers are synced."
    ),
    "state_submit_queued": N_("Queued: the answers will be sent when there is signal"),
    "state_submit_busy": N_("Queued: the server is busy; trying again soon"),
    "state_sent": N_("Sent"),
    "state_conflicts": N_(
        "Two devices gave different answers: choose one at each marked question. Not sent yet."
    ),
    # Sending through the queue
    "queued_title": N_("Your answers are queued"),
    "queued_intro": N_(
        "They are saved on this device and will be sent by themselves when there is signal. "
        "Keep this page open, or open it again later."
    ),
    "send_now": N_("Try sending now"),
    "cancel_sending": N_("Take back to change an answer"),
    "sending_cancelled": N_("Sending was cancelled. Change what you need and send again."),
    "cannot_cancel": N_("The answers are on their way now and cannot be taken back."),
    "sent_title": N_("Sent"),
    "sent_intro": N_("The census server has received your household's answers."),
    "sent_elsewhere": N_(
        "This household's answers were already sent, perhaps from another device."
    ),
    "see_receipt": N_("See the receipt"),
    "reauth_other_household": N_(
        "These numbers belong to another household. Enter the numbers of this household."
    ),
    # Two devices, files and new versions
    "conflicts_summary": N_(
        "{count} answers were changed on another device too. Check the marked questions."
    ),
    "conflicts_show": N_("Show"),
    "conflict_elsewhere": N_("On another device this was answered: {value}"),
    "conflict_shared": N_("Another answer was also given to this question: {value}"),
    "conflict_file": N_("In the loaded file this was answered: {value}"),
    "conflict_here": N_("On this device this was answered: {value}"),
    "conflict_removed_elsewhere": N_("This person was removed on another device."),
    "conflict_removed_here": N_(
        "You removed this person here, but they were changed on another device, so they are back."
    ),
    "conflict_empty": N_("(empty)"),
    "conflict_use": N_("Use that"),
    "conflict_keep": N_("Keep this one"),
    "conflict_remove": N_("Remove this person"),
    "set_aside_title": N_("Answers to questions no longer asked"),
    "set_aside_intro": N_(
        "The questionnaire was updated. These answers are kept and saved in the file, but "
        "will not be sent."
    ),
    "questionnaire_updated": N_(
        "The questionnaire was updated. Your answers were carried over; please check them."
    ),
    "questionnaire_updated_set_aside": N_(
        "The questionnaire was updated. Your answers were carried over; {count} answers to "
        "questions no longer asked are kept aside (see the review)."
    ),
    "file_not_ours": N_("This file is not a saved census household file."),
    "file_other_household": N_("This file belongs to another household."),
    "file_loaded": N_("The answers from the file were loaded."),
    "file_loaded_differences": N_(
        "The answers from the file were loaded. {count} answers differ; they are marked."
    ),
    "update_ready": N_("A new version of this app is ready."),
    "update_now": N_("Use it now"),
    # Checks before sending a form
    "required": N_("Please fill this in."),
    "sixteen_digits": N_("Enter exactly 16 digits."),
    "password_too_short": N_("The password needs at least {count} characters."),
    "password_mismatch": N_("The two passwords are not the same."),
    "choose_village": N_("Choose the province, regency, district and village."),
    "rt_rw_digits": N_("Enter 1 to 3 digits."),
    "recovery_code_format": N_("The code has 8 letters and digits, for example ACDE-3467."),
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
