"""Checking the benchmark contract again and again, to be run under a profiler:

    .venv/bin/python -m pyinstrument -m bench.documents.profile [--pages 100] [--repeat 20]
        [--framework chscp] [--kind contract_clause] [--dense MEGABYTES]

No database is needed: the checker is made from the bundled framework files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> None:
    from bench.documents.run import TODAY
    from bench.documents.texts import contract_pages, dense_text
    from safecom.rules.documents import Checker
    from safecom.rules.documents.library import specs_from_files

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--framework", default="chscp")
    parser.add_argument("--kind", default="contract_clause")
    parser.add_argument("--dense", type=float, help="the dense corpus, this many MB, instead")
    args = parser.parse_args()
    checker = Checker(
        specs_from_files(args.framework, args.kind), framework=args.framework, kind=args.kind
    )
    text = dense_text(args.dense) if args.dense else "\n\n".join(contract_pages(args.pages))
    for _ in range(args.repeat):
        checker.check(text, document="profile.txt", today=TODAY)


if __name__ == "__main__":
    main()
