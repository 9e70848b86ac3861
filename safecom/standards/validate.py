"""`python -m safecom.standards.validate [FILE ...]`: check library files without a database."""

from __future__ import annotations

import sys
from pathlib import Path

from safecom.standards.library import LibraryError, read_library


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or None
    try:
        library = read_library(paths)
    except LibraryError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    for framework in library.frameworks:
        print(f"{framework.id} {framework.version}: {len(framework.requirements)} requirements")
    if library.mapping_set:
        print(f"mappings {library.mapping_set.version}: {len(library.mapping_set.mappings)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
