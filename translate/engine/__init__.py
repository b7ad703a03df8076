"""The engine: Argos packages (install, build, discover), the batched CTranslate2
translator (``translator.py``) and the ``Translator`` protocol the layers above ask for
(``protocol.py``), attention alignment (``align.py``), model limits. Knows nothing of
glossaries, documents or SQLite."""
