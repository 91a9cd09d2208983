#!/usr/bin/env python3
"""What a fuzz corpus never reaches in Casebook's own code.

Run `cargo fuzz coverage` first (see README.md, "What the corpus does not reach"); this reads its
profile with llvm-cov and lists, for each function of `src/` the corpus entered, the code regions
it never ran and the conditions it never saw both ways. Functions the target never calls (the
GUI, export, ...) are left out: they are not on the target's path.

    python3 coverage_gaps.py [TARGET [PROFDATA]]   # load_case, coverage/TARGET/coverage.profdata

The last lines total what the corpus ran of those functions (regions, conditions seen both ways,
lines): compare them, or the gap lists, between a corpus before and after a fuzzing run to see
whether the run reached any code of Casebook's that the corpus had not.
"""
import collections
import json
import os
import subprocess
import sys

target = sys.argv[1] if len(sys.argv) > 1 else "load_case"
here = os.path.dirname(os.path.abspath(__file__))
triple = "x86_64-unknown-linux-gnu"
binary = os.path.join(here, "target", triple, "coverage", triple, "release", target)
profile = (sys.argv[2] if len(sys.argv) > 2
           else os.path.join(here, "coverage", target, "coverage.profdata"))
sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True,
                         check=True).stdout.strip()
llvm_cov = os.path.join(sysroot, "lib", "rustlib", triple, "bin", "llvm-cov")
if not os.path.exists(llvm_cov):
    sys.exit("llvm-cov not found: rustup component add llvm-tools")
report = subprocess.run(
    [llvm_cov, "export", binary, "-instr-profile=" + profile,
     "-ignore-filename-regex=(/\\.cargo/|/rustc/|/rust/)"],
    capture_output=True, text=True, check=True).stdout
data = json.loads(report)["data"][0]

# Region: [line, col, end line, end col, count, file id, expanded file id, kind]
# Branch: [line, col, end line, end col, true count, false count, file id, ...]
# A line of code can be compiled into several functions (generics, inlining); it counts as run
# when any of them ran it.
entered = 0
region_ran = collections.defaultdict(bool)  # (file, line, col, end line, end col) -> ran
branch_seen = collections.defaultdict(lambda: [False, False])  # same key -> [true, false]
for function in data["functions"]:
    if function["count"] == 0:
        continue
    path = function["filenames"][0]
    if not path.startswith(os.path.join(os.path.dirname(here), "src") + os.sep):
        continue
    entered += 1
    for r in function["regions"]:
        if r[5] == 0 and r[7] == 0:
            region_ran[(path, r[0], r[1], r[2], r[3])] |= r[4] > 0
    for b in function.get("branches", []):
        if b[6] == 0:
            seen = branch_seen[(path, b[0], b[1], b[2], b[3])]
            seen[0] |= b[4] > 0
            seen[1] |= b[5] > 0

gaps = collections.defaultdict(set)
line_ran = collections.defaultdict(bool)
for (path, line, col, end_line, end_col), ran in region_ran.items():
    if not ran:
        gaps[path].add((line, col, end_line, end_col, "never runs"))
    for n in range(line, end_line + 1):
        line_ran[(path, n)] |= ran
for (path, line, col, end_line, end_col), (true, false) in branch_seen.items():
    if not (true and false):
        gaps[path].add((line, col, end_line, end_col, "never true" if not true else "never false"))

root = os.path.dirname(here) + os.sep
total = 0
for path in sorted(gaps):
    lines = open(path, encoding="utf-8").read().splitlines()
    for line, col, end_line, end_col, what in sorted(gaps[path]):
        total += 1
        text = lines[line - 1].strip() if line <= len(lines) else ""
        print(f"{path.replace(root, '')}:{line}:{col}-{end_line}:{end_col}  {what:11}  {text[:90]}")
print(f"{total} gaps in {len(gaps)} files")
print(f"{entered} functions of src/ entered; over them, regions run: "
      f"{sum(region_ran.values())} of {len(region_ran)}; "
      f"conditions seen both ways: {sum(t and f for t, f in branch_seen.values())} of "
      f"{len(branch_seen)}; "
      f"lines run: {sum(line_ran.values())} of {len(line_ran)}")
