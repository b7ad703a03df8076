"""``make eval``: glossary enforcement measured on trained and placeholder-naive packages.

``python -m tools.glossary_eval [--json] [--variant trained|naive] [--lang fr|ha]
[--strategy NAME] [--limit N]`` loads each package through the product's own path
(``load_translator``), the shipped glossaries, and runs today's enforcement
(``translate.mt.enforce.translate_enforced``) and the prototypes of
:mod:`tools.term_strategies` on ``tests/data/glossary_eval.tsv`` (with references)
and the articles of ``tests/data/enforcement/`` (without). See :mod:`.metrics` for
what each figure means and :mod:`.run` for the goals.
"""
