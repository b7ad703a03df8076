"""Machine translation over the engine and the glossary (no SQL, no files).

``enforce`` (glossary enforcement: protect, n-best, repair, verify), ``markup`` (inline
markup carried onto a translation), ``result`` (``SegmentResult``, ``TermOutcome``),
``routes`` (one package or two through the English pivot), ``datelines`` (lines rendered,
never translated), ``fit`` (splitting what does not fit the model), ``guard`` (retries,
loop mitigation, parts joined), ``quality`` (flags), ``verbatim`` and ``outcome``
(stored status, ``[untranslated: …]``, the quality report).
"""
