"""`python -m tools.glossary_eval`: see the package docstring."""

from __future__ import annotations

import argparse
import json
import sys

from tools.glossary_eval.strategies import DEFAULT, strategies
from tools.glossary_eval.variants import LANGS, VARIANTS


def main(argv: list[str] | None = None) -> int:
    from pathlib import Path

    from tools.glossary_eval import __doc__ as doc
    from tools.glossary_eval.report import render
    from tools.glossary_eval.run import evaluate_all

    parser = argparse.ArgumentParser(prog="python -m tools.glossary_eval", description=doc)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--variant", action="append", choices=VARIANTS)
    parser.add_argument("--lang", action="append", choices=LANGS)
    parser.add_argument("--strategy", action="append", choices=sorted(strategies()))
    parser.add_argument(
        "--all", action="store_true", help="every strategy, the prototypes included"
    )
    parser.add_argument("--limit", type=int, help="first N sentences of each set and article")
    parser.add_argument("--save-json", type=Path, help="also write the JSON report here")
    args = parser.parse_args(argv)
    only = args.strategy or (None if args.all else list(DEFAULT))
    reports = evaluate_all(args.variant or VARIANTS, args.lang or LANGS, args.limit, only)
    document = {"reports": [r.as_dict() for r in reports]}
    if args.save_json:
        args.save_json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    if args.json:
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print(render(reports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
