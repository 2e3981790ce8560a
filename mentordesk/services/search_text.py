"""Folding text for search: SQLite's LIKE folds ASCII case only, so names are matched on a folded copy."""

from __future__ import annotations

import unicodedata


def search_text_for(first_name: str, last_name: str, reference_code: str) -> str:
    """Mentee.search_text: lower-cased, accent-free "first last code".

    SQLite's LIKE only folds ASCII case, so searching compares against this folded copy.
    The mentee service should use this same function when it creates or renames mentees.
    """
    return fold_for_search(f"{first_name} {last_name} {reference_code}")


# Letters NFKD does not decompose into a base letter plus accents.
_UNDECOMPOSABLE = str.maketrans({
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe",
    "Œ": "OE", "ı": "i", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H",
})


def fold_for_search(text: str) -> str:
    """Casefolded, without accents, whitespace collapsed: "Łukasz Şahin" -> "lukasz sahin"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def sort_name_for(first_name: str, last_name: str) -> str:
    """Mentee.sort_name: folded "last first", so the caseload sorts Á with A and Ø with O."""
    return fold_for_search(f"{last_name} {first_name}")
