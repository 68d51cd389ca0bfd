"""Receipt codes are unique-looking, self-checking and forgiving of how people type them."""

from __future__ import annotations

import itertools

from sensus.domain import receipts


def test_new_codes_are_valid_and_distinct() -> None:
    codes = {receipts.new_receipt_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(receipts.is_valid(code) for code in codes)


def test_every_single_symbol_error_is_caught() -> None:
    code = receipts.new_receipt_code()
    for position, symbol in itertools.product(range(receipts.LENGTH), receipts.ALPHABET):
        if code[position] == symbol:
            continue
        typo = code[:position] + symbol + code[position + 1 :]
        assert not receipts.is_valid(typo), (position, symbol)


def test_most_swapped_neighbours_are_caught() -> None:
    caught = total = 0
    for _ in range(200):
        code = receipts.new_receipt_code()
        for i in range(receipts.LENGTH - 1):
            if code[i] != code[i + 1]:
                total += 1
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
                caught += not receipts.is_valid(swapped)
    assert caught / total > 0.95


def test_codes_are_read_the_way_people_type_them() -> None:
    code = receipts.new_receipt_code()
    spoken = receipts.display(code).lower().replace("0", "o").replace("1", "l")
    assert receipts.is_valid(spoken)
    assert receipts.normalise(spoken) == code


def test_display_groups_for_reading_aloud() -> None:
    shown = receipts.display("0123456789A")
    assert shown == "0123-4567-89A"


def test_qr_is_inline_svg() -> None:
    svg = receipts.qr_svg(receipts.new_receipt_code())
    assert svg.startswith("<svg") and "</svg>" in svg
