"""Parts of the staff pages that need no server: their catalogs (complete in Indonesian and in
step with the templates), the forms a browser posts, and the device names of sessions."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from starlette.requests import Request

from sensus.web.staff.forms import Form, read_form
from sensus.web.staff.pages import LOCALES, TEMPLATES
from sensus.web.staff.signin import device_label

OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n"}}


def _catalog(lang: str) -> dict[object, object]:
    with (LOCALES / lang / "LC_MESSAGES" / "staff.po").open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id}


def _source_ids() -> set[object]:
    found = extract_from_dir(TEMPLATES, [("**.html", "jinja2")], options_map=OPTIONS)
    return {message for _file, _line, message, _comments, _context in found}


def test_every_string_of_the_staff_pages_is_in_both_catalogs() -> None:
    source = _source_ids()
    assert source
    for lang in ("id", "en"):
        assert set(_catalog(lang)) == source, lang


def test_every_staff_string_has_an_indonesian_translation() -> None:
    untranslated = [
        msgid
        for msgid, text in _catalog("id").items()
        if not text or (isinstance(text, tuple) and not all(text))
    ]
    assert untranslated == []


def _request(body: bytes, content_type: str) -> Request:
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [(b"content-type", content_type.encode())],
    }
    return Request(scope, receive)


def _read(body: bytes, content_type: str) -> Form:
    # In a thread of its own: a browser test in the same worker leaves Playwright's event loop
    # running in this one, and asyncio.run refuses to start inside a running loop.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, read_form(_request(body, content_type))).result()


def test_an_uploaded_file_keeps_its_bytes_and_the_fields_their_text() -> None:
    csv = "username,full_name\r\nppl09,Siti Ña\u2019im\r\n".encode()
    body = (
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="csrf"\r\n\r\n'
        b"token-1\r\n"
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="file"; filename="staf.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + csv + b"\r\n"
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="empty"; filename=""\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n\r\n"
        b"--b0undary--\r\n"
    )

    form = _read(body, "multipart/form-data; boundary=b0undary")

    assert form.get("csrf") == "token-1"
    assert form.files == {"file": csv, "empty": b""}


def test_a_url_encoded_form_and_an_unexpected_body() -> None:
    form = _read(b"comment=Umur+anak%3F&csrf=t&blank=", "application/x-www-form-urlencoded")

    assert form.fields == {"comment": "Umur anak?", "csrf": "t", "blank": ""}
    assert _read(b'{"comment": "x"}', "application/json") == Form()
    assert _read(b"garbage", "multipart/form-data; boundary=zzz").fields == {}


def test_a_session_names_its_device_briefly() -> None:
    android = (
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36"
    )
    assert device_label(android) == "Chrome, Android"
    assert device_label("Mozilla/5.0 (Windows NT 10.0; rv:120.0) Gecko Firefox/120.0") == (
        "Firefox, Windows"
    )
    assert device_label("") == "browser"


def test_the_staff_pages_live_apart_from_the_respondents_release() -> None:
    # The respondent's offline release is a digest of sensus/web/templates and locales:
    # a change to a staff page must not make every respondent's phone download it again.
    web = Path(__file__).resolve().parents[2] / "sensus" / "web"
    assert not TEMPLATES.is_relative_to(web / "templates")
    assert not LOCALES.is_relative_to(web / "locales")
