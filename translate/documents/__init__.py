"""The document layer: reading txt/md/html/jsonl (and saved web pages) into sentence
segments and rendering back.

Knows nothing of models, storage or glossaries.
"""

from translate.documents.model import (
    FURNITURE_KINDS,
    KINDS,
    RENDERED_KINDS,
    Document,
    InlineSpan,
    Segment,
    TargetSegment,
    insert_markup,
    is_verbatim,
)
from translate.documents.reader import (
    FORMATS,
    InputBatch,
    iter_inputs,
    output_name,
    parse_record,
    parse_text,
    read_documents,
    read_inputs,
    safe_name,
    sniff_format,
)
from translate.documents.segment import sentence_spans, split_sentences
from translate.documents.webpage import ArticleMetadata

__all__ = [
    "FORMATS",
    "FURNITURE_KINDS",
    "KINDS",
    "RENDERED_KINDS",
    "ArticleMetadata",
    "Document",
    "InlineSpan",
    "InputBatch",
    "Segment",
    "TargetSegment",
    "insert_markup",
    "is_verbatim",
    "iter_inputs",
    "output_name",
    "parse_record",
    "parse_text",
    "read_documents",
    "read_inputs",
    "safe_name",
    "sentence_spans",
    "sniff_format",
    "split_sentences",
]
