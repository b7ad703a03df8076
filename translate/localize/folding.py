"""Search folding: the text a search compares, never the text stored or shown.

Reviewers type the apostrophe their keyboard has (U+0027) while output carries the
typographic one (U+2019) or, in Hausa, the modifier letter apostrophe (U+02BC); many
type Hausa hooked letters (ɓ ɗ ƙ ƴ) as plain b d k y, or ƴ as 'y. ``fold_for_search``
maps all of these to one spelling, drops case and accents, and splits words the way
the FTS5 ``unicode61`` tokenizer does, so ``ma'adinai`` and ``maʼadinai`` compare equal.
"""

from __future__ import annotations

import unicodedata

#: Apostrophe variants, folded away (so ma'adinai == maʼadinai == maadinai).
APOSTROPHES = "'\u2019\u02bc\u2018\u02bb\u0060\u00b4"
#: Hausa hooked letters and their plain keyboard spellings.
HOOKED = {"ɓ": "b", "ɗ": "d", "ƙ": "k", "ƴ": "y", "Ɓ": "b", "Ɗ": "d", "Ƙ": "k", "Ƴ": "y"}
_TABLE = str.maketrans({**dict.fromkeys(APOSTROPHES, ""), **HOOKED})


def fold_for_search(text: str | None) -> str:
    """``text`` as space-separated folded words, with a space at each end, so that a
    phrase matches only whole words: ``" ma adinai "`` style substring tests.

    Folding: apostrophe variants removed, hooked letters made plain, NFKD with combining
    marks dropped (défense → defense), case folded, anything not a letter or digit a
    word break (U.S. → "u s", as FTS5 splits it).
    """
    if not text:
        return " "
    plain = unicodedata.normalize("NFKD", text.translate(_TABLE))
    plain = "".join(char for char in plain if not unicodedata.combining(char)).casefold()
    plain = plain.translate(_TABLE)  # casefold can produce letters again (none today)
    words = "".join(char if char.isalnum() else " " for char in plain).split()
    return " " + " ".join(words) + " "
