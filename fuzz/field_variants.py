#!/usr/bin/env python3
"""Writes loader fuzz inputs that break one field at a time.

For every distinct field path in the seeds (`case/sources/published/zone`, ...), taken from the
smallest seed that has it, three variants: the field given twice, the field left out, and the
field holding a value of the wrong kind (a number for a string, a string for a number, a block
or a list, an unknown name for an enum). Each is one error the loader must report with its
place; the fuzzer's own mutations reach most of them only after millions of runs.

    python3 fuzz/field_variants.py fuzz/seeds/load_case OUT_DIR

The files are named by their SHA-1, as libFuzzer names corpus files; copy them into
`corpus/load_case` and minimize with `-merge=1` (see README.md).
"""

import glob
import hashlib
import os
import re
import sys

KEY = re.compile(r"^(\s*)(r#)?([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$")


def field_lines(lines):
    """(line index, field path, value text) for every `name: value` line, in order."""
    stack = []  # (indent, name) of the blocks the line is in
    for i, line in enumerate(lines):
        m = KEY.match(line)
        if not m:
            continue
        indent, name, value = len(m.group(1)), m.group(3), m.group(4)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        yield i, "/".join(n for _, n in stack + [(indent, name)]), value
        if value.rstrip().endswith(("(", "[")):
            stack.append((indent, name))


def block_end(lines, i):
    """The last line of the field starting at line i: the line closing its block, or i."""
    if not lines[i].rstrip().endswith(("(", "[")):
        return i
    indent = len(lines[i]) - len(lines[i].lstrip())
    for j in range(i + 1, len(lines)):
        line = lines[j]
        if line.strip() and len(line) - len(line.lstrip()) == indent and line.strip()[0] in ")]":
            return j
    return i


def wrong_kind(value):
    v = value.strip().rstrip(",")
    if v.startswith('"'):
        return "0"
    if re.match(r"^[A-Z][A-Za-z]*$", v):
        return "NotAVariant"
    return '"x"'


def main(seed_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    seeds = [
        f
        for f in glob.glob(os.path.join(seed_dir, "*.ron"))
        if "broken" not in f and "truncated" not in f
    ]
    seen = set()
    written = 0
    for seed in sorted(seeds, key=os.path.getsize):
        with open(seed, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for i, path, value in list(field_lines(lines)):
            if path in seen:
                continue
            seen.add(path)
            j = block_end(lines, i)
            key = lines[i].split(":")[0]
            replaced = wrong_kind(value if i == j else "(")
            for variant in (
                lines[: j + 1] + lines[i : j + 1] + lines[j + 1 :],
                lines[:i] + lines[j + 1 :],
                lines[:i] + [f"{key}: {replaced},"] + lines[j + 1 :],
            ):
                data = "\n".join(variant).encode()
                with open(os.path.join(out_dir, hashlib.sha1(data).hexdigest()), "wb") as f:
                    f.write(data)
                written += 1
    print(f"{len(seen)} field paths, {written} files in {out_dir}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
