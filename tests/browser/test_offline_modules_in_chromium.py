"""The offline client's pure parts, run in Chromium as the household app imports them.

- changes.js applies draft changes as the server does (the shared vectors), and a diff
  applied to its base gives the document back;
- merge() follows ADR 0010: one side's change is taken, both sides' different changes keep
  this device's value and record the other, nothing is dropped;
- backoff.js waits with full jitter under a cap, and at least Retry-After;
- outbox.js retries what may be retried, settles the rest, pauses on 401, keeps its order;
- the officer's sync takes a batch's answer in even when the phone's sync state was set
  aside as unreadable.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import LiveServer
from tests.vectors import HERE

pytestmark = pytest.mark.browser

R1, R2 = "r1", "r2"
NEW = "n-1b4e28ba-2fa1-4d2b-9b1a-7c1b7c0e2b11"
OTHER = "n-2c5f39cb-3ab2-4e3c-8c2b-8d2c8d1f3c22"


def opened(phone: Page, server: LiveServer) -> Page:
    phone.goto(server.url)
    return phone


def doc(household: dict[str, Any], *members: dict[str, Any]) -> dict[str, Any]:
    return {"household": household, "members": list(members)}


def member(member_id: str, presence: str = "lives_here", **answers: Any) -> dict[str, Any]:
    return {"member_id": member_id, "presence": presence, "answers": answers}


def test_the_browser_applies_draft_changes_as_the_vectors_say(
    live_server: LiveServer, phone: Page
) -> None:
    cases = json.loads((HERE / "draft_changes.json").read_text())["cases"]
    results = opened(phone, live_server).evaluate(
        """async (cases) => {
          const { applyChanges } = await import("/static/js/changes.js");
          return cases.map(({ document, changes }) => {
            try { return { result: applyChanges(document, changes) }; }
            catch { return { refused: true }; }
          });
        }""",
        cases,
    )
    for case, result in zip(cases, results, strict=True):
        if "errors" in case:
            assert result == {"refused": True}, case["name"]
        else:
            assert result == {"result": case["expected"]}, case["name"]


def test_a_diff_applied_to_its_base_gives_the_document_back(
    live_server: LiveServer, phone: Page
) -> None:
    base = doc(
        {"jamban": 1, "status_rumah": 2}, member(R1, nama="Budi", hubungan=1), member(NEW, "new")
    )
    pairs = [
        (None, base),
        (base, base),
        (
            base,
            doc(
                {"jamban": 3}, member(R1, "moved_away", nama="Budi"), member(OTHER, "new", nama="S")
            ),
        ),
        (base, doc({}, member(R1, nama="Budi", hubungan=1, aktivitas=[1, 2]))),
    ]
    results = opened(phone, live_server).evaluate(
        """async (pairs) => {
          const { applyChanges, diff } = await import("/static/js/changes.js");
          return pairs.map(([base, doc]) => {
            const changes = diff(base, doc);
            return { changes: changes.length, back: applyChanges(base, changes) };
          });
        }""",
        pairs,
    )
    for (_, wanted), result in zip(pairs, results, strict=True):
        assert result["back"] == wanted
    assert results[1]["changes"] == 0


MERGES: list[tuple[str, Any, Any, Any, Any, list[dict[str, Any]]]] = [
    (
        "a field only one side changed takes that side's value",
        doc({"jamban": 1, "status_rumah": 1}),
        doc({"jamban": 2, "status_rumah": 1}),
        doc({"jamban": 1, "status_rumah": 3}),
        doc({"jamban": 2, "status_rumah": 3}),
        [],
    ),
    (
        "both changed differently: this device's value stays, the other is the conflict",
        doc({"jamban": 1}, member(R1, suku_bangsa="Jawa")),
        doc({"jamban": 2}, member(R1, suku_bangsa="Banjar")),
        doc({"jamban": 3}, member(R1, suku_bangsa="Dayak")),
        doc({"jamban": 3}, member(R1, suku_bangsa="Dayak")),
        [
            {"path": "household/jamban", "other": 2, "source": "theirs"},
            {"path": f"members/{R1}/answers/suku_bangsa", "other": "Banjar", "source": "theirs"},
        ],
    ),
    (
        "both made the same change: no conflict",
        doc({"jamban": 1}),
        doc({"jamban": 4}),
        doc({"jamban": 4}),
        doc({"jamban": 4}),
        [],
    ),
    (
        "one side cleared an answer the other changed: the change stays, the clearing is noted",
        doc({"jamban": 1}),
        doc({}),
        doc({"jamban": 5}),
        doc({"jamban": 5}),
        [{"path": "household/jamban", "other": None, "source": "theirs"}],
    ),
    (
        "members each side added are both kept, this device's rows first (none moves)",
        doc({}, member(R1)),
        doc({}, member(R1), member(NEW, "new", nama="Bayi")),
        doc({}, member(R1), member(OTHER, "new", nama="Slamet")),
        doc({}, member(R1), member(OTHER, "new", nama="Slamet"), member(NEW, "new", nama="Bayi")),
        [],
    ),
    (
        "a member removed there and untouched here goes",
        doc({}, member(R1), member(NEW, "new", nama="Bayi")),
        doc({}, member(R1)),
        doc({}, member(R1), member(NEW, "new", nama="Bayi")),
        doc({}, member(R1)),
        [],
    ),
    (
        "a member removed there but changed here stays, and the removal is the conflict",
        doc({}, member(R1), member(NEW, "new", nama="Bayi")),
        doc({}, member(R1)),
        doc({}, member(R1), member(NEW, "new", nama="Bayi", tanggal_lahir="2026-03-10")),
        doc({}, member(R1), member(NEW, "new", nama="Bayi", tanggal_lahir="2026-03-10")),
        [{"path": f"members/{NEW}", "other": None, "source": "theirs"}],
    ),
    (
        "a member removed here but changed there comes back, and the removal is noted as ours",
        doc({}, member(R1), member(NEW, "new", nama="Bayi")),
        doc({}, member(R1), member(NEW, "new", nama="Bayi Nur")),
        doc({}, member(R1)),
        doc({}, member(R1), member(NEW, "new", nama="Bayi Nur")),
        [{"path": f"members/{NEW}", "other": None, "source": "mine"}],
    ),
    (
        "presence changed on both sides differently",
        doc({}, member(R1)),
        doc({}, member(R1, "died")),
        doc({}, member(R1, "moved_away")),
        doc({}, member(R1, "moved_away")),
        [{"path": f"members/{R1}/presence", "other": "died", "source": "theirs"}],
    ),
    (
        "no server draft at all: nothing changed there",
        doc({"jamban": 1}, member(R1, nama="Budi")),
        None,
        doc({"jamban": 2}, member(R1, nama="Budi")),
        doc({"jamban": 2}, member(R1, nama="Budi")),
        [],
    ),
]


@pytest.mark.parametrize("case", MERGES, ids=[case[0] for case in MERGES])
def test_the_merge_keeps_what_either_side_typed(
    case: tuple[str, Any, Any, Any, Any, list[dict[str, Any]]], live_server: LiveServer, phone: Page
) -> None:
    _, base, theirs, mine, wanted, conflicts = case
    result = opened(phone, live_server).evaluate(
        """async ([base, theirs, mine]) => {
          const { merge } = await import("/static/js/changes.js");
          return merge(base, theirs, mine);
        }""",
        [base, theirs, mine],
    )
    assert result["doc"] == wanted
    assert result["conflicts"] == conflicts


def test_backoff_waits_with_full_jitter_under_the_cap_and_at_least_retry_after(
    live_server: LiveServer, phone: Page
) -> None:
    result = opened(phone, live_server).evaluate(
        """async () => {
          const backoff = "/static/js/offline/backoff.js";
          const { backoffDelay, nextDelay, retryAfterMs } = await import(backoff);
          const options = { baseMs: 1000, capMs: 8000 };
          const top = () => 1;
          return {
            ceilings: [1, 2, 3, 4, 5, 30].map((n) => backoffDelay(n, options, top)),
            floor: backoffDelay(6, options, () => 0),
            seconds: retryAfterMs("120"),
            date: retryAfterMs("Thu, 01 Jan 2026 00:00:30 GMT", Date.UTC(2026, 0, 1)),
            garbage: retryAfterMs("soon"),
            honoured: [0, 0.5, 1].map((r) => nextDelay(1, 5000, options, () => r)),
          };
        }"""
    )
    assert result["ceilings"] == [1000, 2000, 4000, 8000, 8000, 8000]
    assert result["floor"] == 0
    assert (result["seconds"], result["date"], result["garbage"]) == (120_000, 30_000, None)
    assert result["honoured"] == [5000, 5500, 6000]


_OUTBOX = """
async (answers) => {
  const { Outbox } = await import("/static/js/offline/outbox.js");
  const { memoryStore } = await import("/static/js/offline/store.js");
  let clock = 1000;
  const sent = [];
  const heard = [];
  const transport = async (entry) => {
    sent.push(entry.key);
    const next = answers.shift();
    return { status: next[0], retryAfter: next[1] ?? null, body: null };
  };
  const outbox = new Outbox({
    store: memoryStore(), transport, now: () => clock, random: () => 1,
    backoff: { baseMs: 100, capMs: 1000 },
    handlers: { write: async (entry, answer) => { heard.push([entry.key, answer.status]); } },
    onUnauthorized: () => heard.push(["paused"]),
  });
  outbox.kick = () => {}; // the test sends, step by step, on its own clock
  const put = (key) => outbox.put({ key, kind: "write", method: "POST", url: "/x", body: { key } });
  const states = [];
  const step = async () => {
    await outbox.sendDue();
    const now = outbox.state.entries;
    states.push(now.map((e) => [e.key, e.attempts, e.not_before - clock, e.waiting]));
  };
  await put("a");
  clock += 1;
  await put("b");
  await step();                 // a: no answer at all -> waits 100 ms
  await put("a");               // replaced while waiting: keeps its place (queue and backoff)
  await step();                 // not due yet: nothing sent
  clock += 100; await step();   // a: 503 Retry-After 2 s
  clock += 2100; await step();  // a: 422 settles; b: 401 pauses
  outbox.resume(); await step(); // b: 201 settles
  return { sent, heard, states };
}
"""


def test_the_outbox_retries_what_may_be_retried_and_settles_the_rest(
    live_server: LiveServer, phone: Page
) -> None:
    answers = [[0], [503, 2000], [422], [401], [201]]
    result = opened(phone, live_server).evaluate(_OUTBOX, answers)
    assert result["sent"] == ["a", "a", "a", "b", "b"]
    assert result["heard"] == [["a", 422], ["paused"], ["b", 201]]
    assert result["states"] == [
        [["a", 1, 100, "network"], ["b", 0, -1001, None]],
        [["a", 1, 100, "network"], ["b", 0, -1001, None]],
        [["a", 2, 2100, "server"], ["b", 0, -1101, None]],
        [["b", 0, -3201, "unauthorized"]],
        [],
    ]


_SYNC_WITHOUT_STATE = """
async (status) => {
  const { FieldWork } = await import("/static/js/officer/field.js");
  const { FieldSync } = await import("/static/js/officer/sync.js");
  const { memoryStore } = await import("/static/js/offline/store.js");
  const store = memoryStore();
  // What readDevice gives when the sync record was set aside as unreadable: no sync state.
  const device = { bundle: null, questionnaire: null, sync: null, records: [], drafts: [] };
  const field = new FieldWork({ store, device });
  const events = { changed() {}, unauthorized() {}, synced() {} };
  const sync = new FieldSync({ field, store, backoff: { baseMs: 100, capMs: 1000 }, events });
  const entry = { key: "batch-1", kind: "sync", method: "POST", url: "/x", body: { records: [] } };
  const body = status === 200
    ? { results: [], synced_at: "2026-12-06T10:00:00Z",
        changes: { removed_assignments: [{ assignment_id: "a1" }], returned_interviews: [] } }
    : { error: { code: "invalid_batch" } };
  await sync.answered(entry, { status, retryAfter: null, body });
  const kept = await store.get("officer", "sync");
  return { key: kept?.key ?? null, removed: Object.keys(kept?.removed ?? {}),
    since: kept?.since ?? null, problem: kept?.problem?.status ?? null };
}
"""


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (200, {"key": "sync", "removed": ["a1"], "since": "2026-12-06T10:00:00Z", "problem": None}),
        (422, {"key": "sync", "removed": [], "since": None, "problem": 422}),
    ],
    ids=["an answer", "a refusal of the whole batch"],
)
def test_the_officers_sync_takes_an_answer_in_without_a_kept_sync_state(
    live_server: LiveServer, phone: Page, status: int, expected: dict[str, Any]
) -> None:
    assert opened(phone, live_server).evaluate(_SYNC_WITHOUT_STATE, status) == expected


SUKU = f"members/{R1}/answers/suku"
SETTLE_CASES = [
    (
        "a conflict the server had open and has no more was chosen elsewhere: it goes",
        {
            "earlier": [{"path": SUKU, "other": "Dayak", "source": "theirs"}],
            "fresh": [],
            "known": [{"path": SUKU, "other": "Dayak"}],
            "now": [],
            "doc": doc({}, member(R1, suku="Dayak")),
            "theirs": doc({}, member(R1, suku="Dayak")),
        },
        [],
    ),
    (
        "one this device found and never sent stays, whatever the server says",
        {
            "earlier": [{"path": SUKU, "other": "Dayak", "source": "theirs"}],
            "fresh": [],
            "known": [],
            "now": [],
            "doc": doc({}, member(R1, suku="Bugis")),
            "theirs": doc({}, member(R1, suku="Bugis")),
        },
        [{"path": SUKU, "other": "Dayak", "source": "theirs"}],
    ),
    (
        "the device whose answer the draft set aside sees the draft's answer as the other",
        {
            "earlier": [],
            "fresh": [],
            "known": [],
            "now": [{"path": SUKU, "other": "Dayak"}],
            "doc": doc({}, member(R1, suku="Dayak")),
            "theirs": doc({}, member(R1, suku="Bugis")),
        },
        [{"path": SUKU, "other": "Bugis", "source": "theirs"}],
    ),
    (
        "a device showing the draft's answer sees the one set aside",
        {
            "earlier": [],
            "fresh": [],
            "known": [],
            "now": [{"path": SUKU, "other": "Dayak"}],
            "doc": doc({}, member(R1, suku="Bugis")),
            "theirs": doc({}, member(R1, suku="Bugis")),
        },
        [{"path": SUKU, "other": "Dayak", "source": "shared"}],
    ),
    (
        "a choice made here and not yet sent is not undone by the server's older list",
        {
            "earlier": [],
            "fresh": [],
            "known": [{"path": SUKU, "other": "Banjar"}],
            "now": [
                {"path": SUKU, "other": "Banjar"},
                {"path": f"members/{R1}/answers/umur", "other": 7},
            ],
            "doc": doc({}, member(R1, suku="Banjar", umur=8)),
            "theirs": doc({}, member(R1, suku="Dayak", umur=8)),
        },
        [{"path": f"members/{R1}/answers/umur", "other": 7, "source": "shared"}],
    ),
    (
        "both answers the same now: nothing is left to choose",
        {
            "earlier": [{"path": SUKU, "other": "Bugis", "source": "theirs"}],
            "fresh": [],
            "known": [],
            "now": [],
            "doc": doc({}, member(R1, suku="Bugis")),
            "theirs": doc({}, member(R1, suku="Bugis")),
        },
        [],
    ),
]


@pytest.mark.parametrize("case", SETTLE_CASES, ids=[c[0] for c in SETTLE_CASES])
def test_open_conflicts_end_only_by_a_choice_and_reach_every_device(
    case: tuple[str, dict[str, Any], list[dict[str, Any]]], live_server: LiveServer, phone: Page
) -> None:
    _, given, wanted = case
    result = opened(phone, live_server).evaluate(
        """async (given) => {
          const { settleConflicts } = await import("/static/js/changes.js");
          return settleConflicts(given);
        }""",
        given,
    )
    assert result == wanted


def test_conflicts_are_one_per_field_whatever_found_them_twice(
    live_server: LiveServer, phone: Page
) -> None:
    # Two merges of one sync (the tab's and the adopted record's) may find the same field:
    # the server takes each path once, so the device never sends one twice.
    twice = [
        {"path": SUKU, "other": "Dayak", "source": "theirs"},
        {"path": SUKU, "other": "Bugis", "source": "theirs"},
    ]
    result = opened(phone, live_server).evaluate(
        """async (twice) => {
          const { combineConflicts, sharedConflicts } = await import("/static/js/changes.js");
          return [combineConflicts([], twice), sharedConflicts(twice)];
        }""",
        twice,
    )
    assert result == [[twice[1]], [{"path": SUKU, "other": "Bugis"}]]
