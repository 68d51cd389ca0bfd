"""The simulated respondents of a trial, and the wire every simulated client shares.

Each journey is plain code over a ``Transport`` (one device's HTTP connection and cookies),
so that Locust runs it (``sensus.trial.load``) and a test can read it. Every write goes
through ``Caller.call``, the real clients' retry rules (``sensus.trial.retry``): the same
request again after no answer, 408, 429 or 5xx, after full-jitter backoff or Retry-After.
What each client was told is kept in its ledger entry (``HouseholdEntry`` here,
``OfficerEntry`` in ``sensus.trial.officers``): the trial's claim, which the verification
then checks against the server.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sensus.trial import documents
from sensus.trial.retry import RetryRules, next_delay_ms, retry_after_ms, retryable

API = "/api/v1"
PASSWORD = "uji-coba-2026"  # noqa: S105 - the synthetic trial households' password


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no complete answer (reset, timeout, body cut off)
    body: Any
    retry_after: str | None = None
    error: str = ""  # for status 0: what broke

    @property
    def fields(self) -> str:
        """The refused fields' paths and codes (never their values: no personal data)."""
        if not self.code:
            return ""
        found = self.body["error"].get("fields") or []
        return " ".join(f"{f.get('path')}:{f.get('code')}" for f in found[:5])

    @property
    def code(self) -> str:
        """The API error code of a 4xx/5xx answer, or ""."""
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return str(self.body["error"].get("code", ""))
        return ""


class Transport(Protocol):
    """One device: its connection to the server (through its network) and its cookies."""

    def send(
        self,
        method: str,
        path: str,
        *,
        kind: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
    ) -> Answer: ...

    def forget_cookies(self) -> None: ...


class GaveUp(Exception):
    """The client stopped trying (the trial's limit on attempts, or its end)."""


@dataclass
class Tally:
    """What happened on the wire, by kind: retries and errors (for the report)."""

    retries: Counter[str] = field(default_factory=Counter)  # "<kind> <status or error>"
    errors: Counter[str] = field(default_factory=Counter)  # settled answers that were not 2xx

    def merge(self, other: Tally) -> None:
        self.retries.update(other.retries)
        self.errors.update(other.errors)


class Caller:
    """Sends a request until it is settled, by the real clients' rules."""

    def __init__(
        self,
        transport: Transport,
        rules: RetryRules,
        rng: random.Random,
        sleep: Callable[[float], None],
        tally: Tally,
    ) -> None:
        self.transport, self.rules, self.rng = transport, rules, rng
        self.sleep, self.tally = sleep, tally

    def call(
        self,
        method: str,
        path: str,
        *,
        kind: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        first_timeout: float | None = None,
    ) -> Answer:
        attempt = 0
        while True:
            attempt += 1
            timeout = first_timeout if attempt == 1 else None
            answer = self.transport.send(
                method, path, kind=kind, body=body, headers=headers, timeout=timeout
            )
            if not retryable(answer.status):
                if answer.status >= 400:
                    self.tally.errors[f"{kind} {answer.status} {answer.code}".strip()] += 1
                return answer
            reason = answer.error or str(answer.status)
            self.tally.retries[f"{kind} {reason}"] += 1
            if self.rules.max_attempts is not None and attempt >= self.rules.max_attempts:
                raise GaveUp(f"{kind}: {attempt} attempts")
            wait = next_delay_ms(attempt, retry_after_ms(answer.retry_after), self.rules, self.rng)
            self.sleep(wait / 1000)


@dataclass(frozen=True)
class TrialHousehold:
    """A household the trial plays: from the registry, or one it does not know."""

    index: int
    kk: str
    nik: str
    registered: bool = False  # True: the registry does not know it (the registration path)
    village_code: str = ""
    rt: str = ""
    rw: str = ""
    address: str = ""
    registrant: dict[str, Any] | None = None  # the person who registers (registered only)


@dataclass(frozen=True)
class Plan:
    """What this respondent will do, drawn before the trial starts."""

    second_device: bool = False
    gives_up: bool = False
    autosaves: int = 3
    think_s: float = 1.0  # the mean pause between bursts of typing


def canonical_hash(document: Any) -> str:
    """SHA-256 of a document in the server's canonical JSON (its submission payload hash)."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class HouseholdEntry:
    """A respondent's ledger entry: what the client sent and what it was told."""

    index: int
    profile: str
    path: str  # registry | registered
    ref: str = ""  # h<id>, from the sign-in (not personal data)
    outcome: str = "started"  # receipted | gave_up | refused | unfinished
    devices: int = 1
    autosaves: int = 0
    merges: int = 0  # 409 stale_draft answers merged and sent again
    submission_id: str = ""
    sent_hash: str = ""
    receipt_code: str = ""
    receipt_checked: bool = False  # GET /receipt answered the same code
    detail: str = ""


class Respondent:
    """One household's journey, from the identification page to the receipt."""

    def __init__(
        self,
        caller: Caller,
        household: TrialHousehold,
        plan: Plan,
        entry: HouseholdEntry,
        census_date: str,
        rng: random.Random,
        sleep: Callable[[float], None],
    ) -> None:
        self.caller, self.household, self.plan, self.entry = caller, household, plan, entry
        self.census_date, self.rng, self.sleep = census_date, rng, sleep
        self.version = 0
        self.server_doc: dict[str, Any] = {"household": {}, "members": []}

    def run(self) -> HouseholdEntry:
        self.load_page()
        if not self.sign_in():
            return self.entry
        view = self.caller.call("GET", f"{API}/self-response/household", kind="household")
        if view.status != 200:
            return self._refused(f"household {view.status}")
        if view.body.get("receipt"):
            self.entry.receipt_code = view.body["receipt"]["receipt_code"]
            return self._refused("submitted before the trial")
        self._take_draft(view.body.get("draft"), view.body.get("draft_version", 0))
        target = self._document(view.body)
        shares = [(step + 1) / self.plan.autosaves for step in range(self.plan.autosaves)]
        halfway = max(1, len(shares) // 2)
        for step, share in enumerate(shares):
            if step == halfway and self.plan.gives_up:
                self.entry.outcome = "gave_up"
                return self.entry
            if step == halfway and self.plan.second_device:
                self._second_device()
            self._think()
            if not self.autosave(documents.partial(target, share) if share < 1 else target):
                return self.entry
        self._think()
        return self.submit(target)

    def load_page(self) -> None:
        """The identification page and what it links to, as a browser fetches them."""
        page = self.caller.transport.send("GET", "/", kind="page")
        if page.status == 200 and isinstance(page.body, str):
            for asset in assets_of(page.body):
                self.caller.transport.send("GET", asset, kind="asset")

    def sign_in(self) -> bool:
        h = self.household
        if h.registered and h.registrant is not None:
            answer = self.caller.call(
                "POST", f"{API}/self-response/registrations", kind="register",
                body={"kk": h.kk, "nik": h.nik, "password": PASSWORD,
                      "village_code": h.village_code, "address": h.address,
                      "rt": h.rt, "rw": h.rw},
            )  # fmt: skip
            if answer.status == 201:
                self.entry.ref = answer.body["ref"]
                return True
            if answer.status != 409:  # registered by an earlier trial: sign in
                self._refused(f"register {answer.status} {answer.code}")
                return False
        found = self.caller.call(
            "POST",
            f"{API}/self-response/identify",
            kind="identify",
            body={"kk": h.kk, "nik": h.nik},
        )
        if found.status != 200:
            self._refused(f"identify {found.status} {found.code}")
            return False
        return self._session()

    def _session(self) -> bool:
        h = self.household
        answer = self.caller.call(
            "POST",
            f"{API}/self-response/session",
            kind="sign_in",
            body={"kk": h.kk, "nik": h.nik, "password": PASSWORD},
        )
        if answer.status != 200:
            self._refused(f"sign_in {answer.status} {answer.code}")
            return False
        self.entry.ref = answer.body["ref"]
        return True

    def autosave(self, document: dict[str, Any]) -> bool:
        """Send what changed since the server's draft; merge and again on 409 stale."""
        for _ in range(10):
            changes = documents.changes_between(self.server_doc, document)
            if not changes:
                return True
            body = {"base_version": self.version, "changes": changes}
            answer = self._write("PATCH", "draft", "autosave", body)
            if answer.status == 200:
                self.version = answer.body["version"]
                self.server_doc = document
                self.entry.autosaves += 1
                return True
            if answer.status == 409 and answer.code == "stale_draft":
                # Another device saved: take its draft and send our changes over it. Where
                # both typed the same field, this device keeps its value (ADR 0010).
                self.entry.merges += 1
                detail = answer.body["error"].get("detail") or {}
                self._take_draft(detail.get("document"), detail.get("version", 0))
                continue
            self._refused(f"autosave {answer.status} {answer.code}")
            return False
        self._refused("autosave: stale ten times")
        return False

    def submit(self, document: dict[str, Any]) -> HouseholdEntry:
        submission_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        self.entry.submission_id = submission_id
        self.entry.sent_hash = canonical_hash(document)
        body = {"submission_id": submission_id, "document": document}
        answer = self._write("POST", "submissions", "submit", body)
        if answer.status not in (200, 201):
            return self._refused(f"submit {answer.status} {answer.code} {answer.fields}")
        self.entry.receipt_code = answer.body["receipt_code"]
        self.entry.outcome = "receipted"
        receipt = self.caller.call("GET", f"{API}/self-response/receipt", kind="receipt")
        self.entry.receipt_checked = (
            receipt.status == 200 and receipt.body.get("receipt_code") == self.entry.receipt_code
        )
        return self.entry

    def _write(self, method: str, what: str, kind: str, body: dict[str, Any]) -> Answer:
        headers = {"X-Sensus-Household": self.entry.ref}
        path = f"{API}/self-response/{what}"
        answer = self.caller.call(method, path, kind=kind, body=body, headers=headers)
        if answer.status == 401 and self._session():  # the session ended: sign in, go on
            answer = self.caller.call(method, path, kind=kind, body=body, headers=headers)
        return answer

    def _second_device(self) -> None:
        """Carry on on another phone: new cookies, a new sign-in, the server's draft."""
        self.entry.devices = 2
        self.caller.transport.forget_cookies()
        if not self._session():
            return
        draft = self.caller.call("GET", f"{API}/self-response/draft", kind="draft")
        if draft.status == 200:
            self._take_draft(draft.body.get("document"), draft.body.get("version", 0))

    def _take_draft(self, document: dict[str, Any] | None, version: int) -> None:
        self.version = version
        self.server_doc = document or {"household": {}, "members": []}

    def _document(self, view: dict[str, Any]) -> dict[str, Any]:
        h = self.household
        if h.registered and h.registrant is not None:
            return documents.registered_document(
                h.registrant, h.village_code, h.address, self.census_date, self.rng
            )
        return documents.complete_document(
            view["registry_members"], view["household"], self.census_date, self.rng
        )

    def _think(self) -> None:
        self.sleep(self.rng.expovariate(1 / self.plan.think_s) if self.plan.think_s else 0)

    def _refused(self, detail: str) -> HouseholdEntry:
        self.entry.outcome, self.entry.detail = "refused", detail
        return self.entry


def assets_of(page: str) -> list[str]:
    """The same-site URLs a page links to: styles, scripts, module preloads, images, icons."""
    found = re.findall(r"""(?:href|src)=["'](/[^"'#]+)["']""", page)
    return [url for url in dict.fromkeys(found) if url.startswith("/static/")]
