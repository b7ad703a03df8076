"""The document layer: reading txt/md/html/jsonl into sentence segments and rendering back.

Knows nothing of models, storage or glossaries.
"""

from translate.documents.model import (
    KINDS,
    Document,
    InlineSpan,
    Segment,
    TargetSegment,
    insert_markup,
    is_verbatim,
)
from translate.documents.reader import (
    FORMATS,
    output_name,
    parse_record,
    parse_text,
    read_documents,
    safe_name,
    sniff_format,
)
from translate.documents.segment import sentence_spans, split_sentences

__all__ = [
    "FORMATS",
    "KINDS",
    "Document",
    "InlineSpan",
    "Segment",
    "TargetSegment",
    "insert_markup",
    "is_verbatim",
    "output_name",
    "parse_record",
    "parse_text",
    "read_documents",
    "safe_name",
    "sentence_spans",
    "sniff_format",
    "split_sentences",
]
