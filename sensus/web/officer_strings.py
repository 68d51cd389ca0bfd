"""The strings of the officer's app (``web/static/js/officer/``), keyed as its scripts ask.

Rendered into the officer's page with the respondent's ``CLIENT_STRINGS`` (the shared
question, roster and review modules use those), through the same catalogs (``N_`` marks them
for extraction). A key that is in both speaks to the officer here where the respondent's
page speaks to a household: "the people on the family card", not "your family card".
"""

from __future__ import annotations

from sensus.web.client_strings import N_

OFFICER_STRINGS: dict[str, str] = {
    # The shared form, in the officer's voice
    "roster_intro": N_(
        "These are the people on the household's family card. Ask who lives here now, and "
        "add anyone who is missing."
    ),
    "review_intro": N_(
        "Check every answer with the household. Saving keeps the interview on this phone "
        "until the next sync."
    ),
    # The device and the account
    "officer_not_on_device": N_(
        "This browser cannot keep data on the phone: nothing recorded here survives a reload. "
        "Use another browser, or leave private mode."
    ),
    "other_officer": N_(
        "This phone holds records of {owner} that are not on the server yet. Sign in as "
        "{owner} to send them; {username} cannot use this phone until then."
    ),
    "sign_out_refused_title": N_("You cannot sign out yet"),
    "sign_out_refused": N_(
        "{count} records or interviews on this phone are not on the server yet. Signing out "
        "would delete them. Sync first, and sign out when everything is sent."
    ),
    "sign_out_needs_signal": N_("Signing out needs a connection. Try again when you have signal."),
    "open_sync": N_("Open sync"),
    "close": N_("Close"),
    # Downloading the work
    "home_title": N_("Your work"),
    "home_intro": N_(
        "Download your assignments while you have signal. After that this app works without "
        "signal for days; sync whenever you have signal again."
    ),
    "download": N_("Download my assignments"),
    "download_again": N_("Download my assignments again"),
    "downloading": N_("Downloading your assignments…"),
    "downloaded": N_(
        "Your work is on this phone: {count} assignments. It works without signal now."
    ),
    "downloaded_at": N_("Assignments downloaded: {when}"),
    "download_needs_signal": N_(
        "Downloading needs a connection. What is already on this phone still works."
    ),
    # Areas and lists
    "areas_title": N_("Your areas"),
    "officer_is": N_("Officer: {name} ({username})"),
    "no_areas": N_("No area is assigned to you yet. Ask your supervisor."),
    "area_code": N_("Area code {code}"),
    "area_counts": N_("{households} households in the list · {assigned} to visit · {done} done"),
    "open_area": N_("Open {name}"),
    "back_to_areas": N_("Back to your areas"),
    "back_to_area": N_("Back to {name}"),
    "returned_count": N_(
        "Interviews returned by your supervisor: {count}. Open the household to correct them."
    ),
    "assigned_title": N_("Households to visit"),
    "no_assignments": N_("No household of this area is waiting for a visit."),
    "listing_title": N_("Population list of this SLS"),
    "listing_intro": N_(
        "Every household the registry and the online census know here. Check the list with "
        "the head of the SLS and on the ground."
    ),
    "to_verify": N_("to verify"),
    "checked_as": N_("checked: {result}"),
    "found_household": N_("New household: {address}"),
    "add_household": N_("Add a household the list lacks"),
    "removed_count": N_("Assignments taken off your list at the last sync: {count}."),
    "removed_self_responded": N_(
        "The household answered online after you downloaded your work: no visit is needed."
    ),
    "removed_reassigned": N_("The area was given to another officer."),
    "removed_struck": N_("The household was struck off the population list."),
    # One line a household in the area's list of assignments taken away, named as the list
    # names it (head and address, or address; never a NIK).
    "removed_item_self_responded": N_(
        "{household}: answered online after you downloaded your work; no visit is needed."
    ),
    "removed_item_reassigned": N_("{household}: the area was given to another officer."),
    "removed_item_struck": N_("{household}: struck off the population list."),
    "online_not_started": N_("not answered online"),
    "online_in_progress": N_("started online, not sent"),
    "online_submitted": N_("answered online"),
    # A household
    "fact_address": N_("Address"),
    "fact_kk": N_("Family card (KK)"),
    "fact_none": N_("none"),
    "fact_members": N_("Members on the card"),
    "fact_online": N_("Online census"),
    "fact_source": N_("Known from"),
    "fact_provisional_id": N_("Provisional ID"),
    "fact_listing": N_("List check"),
    "fact_not_checked": N_("not checked yet"),
    "source_registry": N_("the civil registry"),
    "source_self_registered": N_("registered online by itself (to verify)"),
    "source_field_found": N_("found in the field"),
    "household_unknown": N_("A household no longer in your work"),
    "interview_title": N_("Interview"),
    "start_interview": N_("Start the interview"),
    "continue_interview": N_("Continue the interview"),
    "change_interview": N_("Change the interview (not sent yet)"),
    "fix_interview": N_("Fix the interview"),
    "correct_interview": N_("Correct the returned interview"),
    "returned_comment": N_("Your supervisor returned this interview:"),
    "progress_not_visited": N_("Not visited yet"),
    "progress_in_progress": N_("Interview begun, not finished"),
    "progress_interviewed": N_("Interviewed"),
    "progress_interview_refused": N_("Interview refused by the server: see Sync"),
    "progress_returned": N_("Returned by your supervisor: to correct"),
    "progress_completed": N_("Completed"),
    "progress_visit": N_("Last visit: {outcome}"),
    "revisit_on": N_("come back {when}"),
    "visit_title": N_("Record a visit"),
    "fix_visit_title": N_("Fix this visit"),
    "visit_outcome": N_("Outcome of the visit"),
    "outcome_completed": N_("Completed"),
    "outcome_nobody_home": N_("Nobody home"),
    "outcome_refused": N_("Refused"),
    "outcome_moved": N_("Moved away"),
    "outcome_vacant": N_("Dwelling vacant"),
    "outcome_dwelling_not_found": N_("Dwelling not found"),
    "outcome_new_household_found": N_("Another household lives here now"),
    "revisit_day": N_("Day to come back"),
    "revisit_time": N_("Time to come back"),
    "note": N_("Note (optional)"),
    "save_visit": N_("Save the visit"),
    "visit_saved": N_("The visit is saved on this phone. It is sent at the next sync."),
    "revisit_needed": N_("Nobody was home: say when you will come back."),
    "revisit_not_allowed": N_(
        "A return is planned only when nobody was home or the household refused."
    ),
    "too_long_note": N_("At most 500 characters."),
    "too_long_text": N_("This is too long."),
    "receipt_title": N_("Answered online already?"),
    "receipt_intro": N_(
        "Ask for the receipt code (on paper or on a phone) and type it here. It is checked "
        "on this phone, without signal."
    ),
    "receipt_code": N_("Receipt code"),
    "receipt_code_hint": N_("11 letters and digits, e.g. 7K3M-9QX2-HD2"),
    "check_code": N_("Check the code"),
    "receipt_empty": N_("Type the code first."),
    "receipt_invalid": N_(
        "This is not a valid receipt code: a letter or digit is wrong. Check it with the household."
    ),
    "receipt_match": N_("The code is right: {household} answered online."),
    "receipt_mismatch": N_("This code is a real code, but not the receipt of {household}."),
    "receipt_unknown": N_(
        "The code is well formed, but {household} had not answered online when this phone "
        "last heard from the server ({when}): only the server can confirm it. Sync, and "
        "check again."
    ),
    "receipt_unverifiable": N_(
        "{household} answered online, but this phone does not have the check of its receipt "
        "code yet: download your work again, and check again."
    ),
    "listing_check_title": N_("Check the list"),
    "fix_listing_title": N_("Fix this list check"),
    "listing_check_intro": N_("Does the list have this household right?"),
    "listing_result": N_("Result of the check"),
    "listing_confirmed": N_("Confirmed: as on the list"),
    "listing_corrected": N_("Corrected: the list has something wrong"),
    "listing_moved": N_("Moved away"),
    "listing_not_found": N_("Not found"),
    "listing_merged": N_("Merged into another household of the list"),
    "correct_address": N_("Correct address"),
    "correct_rt": N_("Correct RT"),
    "correct_rw": N_("Correct RW"),
    "correct_head": N_("Correct name of the head"),
    "merged_into": N_("Merged into"),
    "choose_merged": N_("Choose the household it was merged into."),
    "correct_something": N_("Type what the list has wrong."),
    "save_listing": N_("Save the list check"),
    "listing_saved": N_("The list check is saved on this phone. It is sent at the next sync."),
    "device_records_title": N_("Recorded on this phone"),
    # A household found in the field
    "new_household_title": N_("A household the list lacks"),
    "new_household_intro": N_(
        "It gets a provisional ID on this phone at once, and you can interview it straight "
        "away. Area: {area}."
    ),
    "new_address": N_("Address"),
    "new_address_hint": N_("Street, number, and a landmark if there is no number."),
    "new_kk": N_("Family card number (KK), if the family has one"),
    "new_kk_hint": N_("16 digits; leave empty if there is no card."),
    "save_new_household": N_("Save the new household"),
    "new_household_saved": N_("The new household is saved on this phone with a provisional ID."),
    # An interview
    "interview_of": N_("Interview: {name}"),
    "leave_interview": N_("Leave (the answers stay on this phone)"),
    "interview_kept": N_("The interview is kept on this phone; continue it any time."),
    "save_interview": N_("Save the interview"),
    "interview_saved": N_("The interview is saved on this phone. It is sent at the next sync."),
    # The sync line and screen
    "sync_no_work": N_("No work on this phone yet"),
    "sync_waiting": N_("Waiting to be sent: {count}"),
    "sync_sending": N_("Sending…"),
    "sync_no_signal": N_("No signal: {count} waiting, sent when there is signal"),
    "sync_busy": N_("The server is busy: {count} waiting, trying again soon"),
    "sync_signin": N_("Session ended: sign in again to send. Nothing is lost"),
    "sync_rejected": N_("Refused: {count}, see Sync"),
    "sync_all_sent": N_("Everything is sent"),
    "sync_nothing_yet": N_("Nothing recorded yet"),
    "sync_drafts": N_("Interviews begun: {count}"),
    "sync_last": N_("Last sync: {when}"),
    "sync_never": N_("Never synced yet"),
    "sync_title": N_("Sync"),
    "sync_now": N_("Sync now"),
    "sync_intro": N_(
        "Sync as often as you like: a record is never stored twice. Each record shows what "
        "became of it."
    ),
    "fact_waiting": N_("Waiting to be sent"),
    "fact_refused": N_("Refused, need you"),
    "fact_done": N_("On the server"),
    "fact_drafts": N_("Interviews begun, not saved"),
    "fact_last_sync": N_("Last successful sync"),
    "fact_now": N_("Now"),
    "activity_idle": N_("Nothing being sent"),
    "activity_queued": N_("About to send"),
    "activity_sending": N_("Sending…"),
    "activity_no_signal": N_("No signal: trying again by itself ({when})"),
    "activity_busy": N_("The server is busy: trying again by itself ({when})"),
    "activity_signin": N_("Session ended: sign in again (above). The records wait on this phone"),
    "batch_refused": N_("The server refused the last sync: {message}"),
    "batch_refused_next": N_(
        "Nothing was lost: the records wait on this phone. If this stays, call your supervisor."
    ),
    "refused_title": N_("Refused records: what to do"),
    "nothing_refused": N_("No refused record."),
    "waiting_title": N_("Waiting to be sent"),
    "done_title": N_("On the server"),
    "fix_record": N_("Fix it"),
    "send_again": N_("Send again"),
    "kind_visit": N_("Visit"),
    "kind_interview": N_("Interview"),
    "kind_listing_check": N_("List check"),
    "kind_new_household": N_("New household"),
    "record_waiting": N_("Waiting to be sent"),
    "record_waiting_again": N_("Waiting to be sent again"),
    "record_stored": N_("Stored on the server"),
    "record_duplicate": N_("Already stored (an earlier sync had sent it)"),
    "record_superseded": N_("Kept, but the household's online answer counts"),
    "record_rejected_fix": N_("Refused: fix it"),
    "record_rejected_retry": N_("Refused for now: it is sent again"),
    "record_rejected_ask_supervisor": N_("Refused: ask your supervisor"),
    "superseded_explained": N_(
        "The household answered online before your interview arrived. Both are kept; the "
        "online answer counts unless your supervisor decides otherwise. Nothing to do."
    ),
    "next_fix": N_("What next: fix it on this phone, then sync again."),
    "next_retry": N_("What next: nothing; it is sent again at the next sync."),
    "next_ask_supervisor": N_(
        "What next: talk to your supervisor. The record stays on this phone; send it again "
        "once they have settled it."
    ),
    "place_member": N_("Member {number}"),
    "place_household": N_("Household"),
    "place_record": N_("The record"),
    "field_outcome": N_("Outcome of the visit"),
    "field_revisit_at": N_("Time to come back"),
    "field_note": N_("Note"),
    "field_recorded_at": N_("Time recorded"),
    "field_assignment_id": N_("Assignment"),
    "field_household_id": N_("Household"),
    "field_result": N_("Result of the check"),
    "field_corrections": N_("Corrections"),
    "field_merged_into": N_("Merged into"),
    "field_provisional_id": N_("Provisional ID"),
    "field_area_id": N_("Area"),
    "field_address": N_("Address"),
    "field_kk": N_("Family card number (KK)"),
    "field_document": N_("Questionnaire answers"),
    "field_members": N_("List of members"),
    "field_record_id": N_("Record"),
    "field_kind": N_("Kind of record"),
}
