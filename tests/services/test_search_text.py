from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mentordesk.services.search_text import fold_for_search, search_text_for


def test_european_names_fold_to_plain_lower_case() -> None:
    assert search_text_for("Łukasz", "Şahin-Øberg", "MD-0042") == "lukasz sahin-oberg md-0042"
    assert fold_for_search("  ZOË   Ångström ") == "zoe angstrom"
    assert fold_for_search("  Straße   Đorđević ") == "strasse dordevic"
    # casefold() also folds the final sigma: typed queries are folded the same way, so they match.
    assert fold_for_search("Ευάγγελος") == "ευαγγελοσ"


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    once = fold_for_search(text)
    assert fold_for_search(once) == once


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll"], max_codepoint=0x24F)))
def test_folded_latin_letters_match_typed_plain_letters(text: str) -> None:
    folded = fold_for_search(text)
    assert folded == folded.casefold()
    assert not any(0x300 <= ord(ch) <= 0x36F for ch in folded), "no combining accents remain"
