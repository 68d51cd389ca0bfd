"""What a respondent does on the pages, as small steps the journey tests are written in.

Fields are found the way the household app names them (``docs/CONTRACTS.md``: the error path
``members/2/nama`` is the input ``#f-members-2-nama``), and every step checks that what it
is about to touch has a visible label tied to it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.browser.household_answers import FIVE_PEOPLE, HOUSEHOLD_ANSWERS, NEWBORN_NAME

NEXT, BACK, SUBMIT = "Lanjut", "Kembali", "Kirim jawaban"
PASSWORD = "rahasia-keluarga-1"
# The release's install by the service worker (79 files, both apps), on a loaded machine.
INSTALL_MS = 30_000


def field_id(path: str) -> str:
    return f"f-{path.replace('/', '-')}"


def sign_in(page: Page, url: str, kk: str, nik: str, password: str = PASSWORD) -> None:
    """Identify with KK + NIK, set (or enter) the household password, land on the app."""
    page.goto(url)
    page.get_by_label("Nomor Kartu Keluarga (Nomor KK)").fill(kk)
    page.get_by_label("NIK salah satu anggota keluarga").fill(nik)
    page.get_by_role("button", name="Lanjut").click()
    page.get_by_label("Kata sandi", exact=True).fill(password)
    confirm = page.get_by_label("Ulangi kata sandi")
    if confirm.is_visible():
        confirm.fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/rumah-tangga")
    expect(page.get_by_role("heading", name="Anggota rumah tangga")).to_be_visible()


def answer(page: Page, path: str, value: Any) -> None:
    """Answer the question at ``path`` with ``value`` (in the document's value types)."""
    base = field_id(path)
    if isinstance(value, bool):
        _tap(page.locator(f"#{base}-{'true' if value else 'false'}"))
        return
    single = page.locator(f"#{base}")
    tag = single.evaluate("node => node.tagName") if single.count() else "FIELDSET"
    if tag == "SELECT":
        _labelled(page, single)
        single.select_option(str(value))
    elif tag in ("INPUT", "TEXTAREA"):
        _labelled(page, single)
        single.fill(str(value))
        single.dispatch_event("change")
    else:  # a group of radios: one per code
        _tap(page.locator(f"#{base}-{value}"))


def choose_region(page: Page, path: str, village_code: str, base_id: str | None = None) -> None:
    """Pick a village through the four cascading selects (ids ``<base_id>-province`` …)."""
    base = base_id or field_id(path)
    for level, length in (("province", 2), ("regency", 4), ("district", 6), ("village", 10)):
        select = page.locator(f"#{base}-{level}")
        expect(select).to_be_enabled()
        expect(select.locator(f'option[value="{village_code[:length]}"]')).to_be_attached()
        select.select_option(village_code[:length])


def next_step(page: Page) -> None:
    page.get_by_role("button", name=NEXT).click()


def visible_fields_are_labelled(page: Page) -> None:
    """Every visible input and select on the screen has a label that names it."""
    controls = page.locator("#app input:visible, #app select:visible, #app textarea:visible")
    for index in range(controls.count()):
        _labelled(page, controls.nth(index))


def _tap(radio: Locator) -> None:
    page = radio.page
    _labelled(page, radio)
    # Tapping the label, as a thumb does: it is what a touch user hits on a small screen.
    radio_id = radio.get_attribute("id")
    page.locator(f'label[for="{radio_id}"]').tap()
    expect(radio).to_be_checked()


def _labelled(page: Page, control: Locator) -> None:
    control_id = control.get_attribute("id")
    assert control_id, "a control without an id cannot have a <label for>"
    label = page.locator(f'label[for="{control_id}"]')
    expect(label).to_have_count(1)
    assert label.inner_text().strip(), f"the label of #{control_id} is empty"


# -- the household on the device -------------------------------------------------------------

# The page's own IndexedDB, read as the app stores it (docs/offline.md). Never opened unless
# it exists: opening would create an empty database the app would then not upgrade.
_READ_RECORD = """
async ([store, key]) => {
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes("sensus")) return null;
  return await new Promise((resolve, reject) => {
    const opening = indexedDB.open("sensus");
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      if (!db.objectStoreNames.contains(store)) { db.close(); return resolve(null); }
      const read = key === null ? db.transaction(store).objectStore(store).getAll()
        : db.transaction(store).objectStore(store).get(key);
      read.onsuccess = () => { db.close(); resolve(read.result ?? null); };
      read.onerror = () => { db.close(); reject(read.error); };
    };
  });
}
"""


def stored(page: Page, store: str = "records", key: str | None = "document") -> Any:
    """A record of the page's IndexedDB (``key`` None: every record of ``store``)."""
    return page.evaluate(_READ_RECORD, [store, key])


def ready_offline(page: Page) -> None:
    """Wait until the page would work with no signal: its service worker controls it (the
    release is installed) and the household's document is on the device."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=INSTALL_MS)
    page.wait_for_function("() => document.querySelector('#save-status').dataset.state")
    assert stored(page) is not None


def save_state(page: Page) -> Locator:
    return page.locator("#save-status")


def fill_person(page: Page, index: int, answers: dict[str, Any]) -> None:
    """Answer a person's step and go on to the next."""
    visible_fields_are_labelled(page)
    for question, value in answers.items():
        answer(page, f"members/{index}/{question}", value)
    next_step(page)


def add_member(page: Page, index: int, name: str, relationship: int) -> None:
    """On the roster: add a person (a newborn, say) as member ``index``."""
    page.get_by_role("button", name="Tambah anggota").click()
    expect(page.locator(f"#{field_id(f'members/{index}/nama')}")).to_be_focused()
    answer(page, f"members/{index}/nama", name)
    answer(page, f"members/{index}/hubungan", relationship)


def eventually(condition: Callable[[], bool], timeout_s: float = 15.0) -> None:
    """Wait until ``condition()`` holds (something outside the page, say the proxy's counts)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.05)


def fill_five_people(page: Page) -> None:
    """From the roster to the review: everyone on the card lives here and a baby was born;
    every question of the five people and the household answered."""
    add_member(page, 4, NEWBORN_NAME, 4)
    next_step(page)
    for index, answers in enumerate(FIVE_PEOPLE):
        fill_person(page, index, answers)
    for question, value in HOUSEHOLD_ANSWERS.items():
        answer(page, f"household/{question}", value)
    next_step(page)
    expect(page.get_by_role("heading", name="Periksa jawaban Anda")).to_be_visible()


_PUT_RECORD = """
async ([store, record]) => await new Promise((resolve, reject) => {
  const opening = indexedDB.open("sensus");
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const db = opening.result;
    const tx = db.transaction(store, "readwrite");
    tx.objectStore(store).put(record);
    tx.oncomplete = () => { db.close(); resolve(true); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  };
})
"""


def put_record(page: Page, record: Any, store: str = "records") -> None:
    """Write ``record`` into the page's IndexedDB, as a broken browser or another app might."""
    page.evaluate(_PUT_RECORD, [store, record])


def worker_release(page: Page) -> str | None:
    """The release of the service worker controlling the page (asked as the page asks it)."""
    release: str | None = page.evaluate(
        """async () => {
          const worker = navigator.serviceWorker.controller;
          if (!worker) return null;
          const { releaseOf } = await import("/static/js/offline/register.js");
          return await releaseOf(worker);
        }"""
    )
    return release


def page_release(page: Page) -> str:
    release: str = page.evaluate("document.documentElement.dataset.release")
    return release


def cache_names(page: Page) -> list[str]:
    names: list[str] = page.evaluate("caches.keys()")
    return sorted(names)


def wake_for_background_sync(page: Page, origin: str, tag: str = "sensus-outbox") -> None:
    """Fire the Background Sync event ``tag`` of the page's service worker, as Chromium does
    when the network comes back (DevTools protocol). The page may be gone from the origin by
    then. The officer app's queue has the tag ``sensus-officer-outbox``."""
    cdp = page.context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(100):  # events arrive only while Playwright is called: poll through it
        if registrations:
            break
        page.wait_for_timeout(50)
    live = [r for r in registrations if not r["isDeleted"]]
    assert live, "no service worker is registered"
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": origin,
            "registrationId": live[0]["registrationId"],
            "tag": tag,
            "lastChance": False,
        },
    )
