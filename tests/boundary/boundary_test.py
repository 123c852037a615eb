#!/usr/bin/env python3
"""The stage boundaries, checked: docs/DESIGN.md's stage order for includes and for links, one public
header per folder, folder prefixes on exported symbols, and the size limits (800 lines a file, 100 a
function). Usage: boundary_test.py SOURCE_DIR BUILD_DIR. Prints one line per violation, then the
closing `N passed, N failed` line."""
import os
import re
import subprocess
import sys

# The stage order: a folder may include, and link against, only folders of a lower rank. stdlib
# (builtins: sema's type rules, codegen's emitters) and runtime are both after codegen and never
# reach each other; cli wires everything.
RANK = {"util": 0, "parser": 1, "core": 2, "sema": 3, "codegen": 4, "stdlib": 5, "runtime": 5, "cli": 6}
# Each folder's one public header; everything else in the folder is private to it.
PUBLIC = {f: f"{f}/{f}.h" for f in RANK}
PUBLIC["util"] = "util/util.h"
# What the names a folder's library exports start with (its public header says the same).
PREFIXES = {
    "util": ("arena_", "sb_", "util_"),
    "parser": ("parse_", "parser_", "ast_", "diag_"),
    "core": ("core_", "type_", "probe_"),
    "sema": ("sema_",),
    "codegen": ("codegen_", "cg_", "bpfmod_"),
    "stdlib": ("stdlib_",),
    "runtime": ("runtime_", "rt_", "list_"),
}
LIBS = {f: f"libsonde_{f}.a" for f in PREFIXES}
MAX_FILE_LINES = 800
MAX_FUNC_LINES = 100

failures = []
checks = 0


def fail(msg):
    failures.append(msg)


def sources(root, folders=RANK):
    for folder in folders:
        top = os.path.join(root, folder)
        for dirpath, _, files in os.walk(top):
            for name in sorted(files):
                if name.endswith((".c", ".h", ".y", ".l")):
                    path = os.path.join(dirpath, name)
                    yield folder, os.path.relpath(path, root), path


def check_includes(root):
    global checks
    inc = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/([^"]+)"')
    for folder, rel, path in sources(root):
        with open(path, errors="replace") as f:
            for n, line in enumerate(f, 1):
                m = inc.match(line)
                if not m:
                    continue
                checks += 1
                other, header = m.group(1), f"{m.group(1)}/{m.group(2)}"
                if other not in RANK:
                    continue  # generated headers (parser/grammar.h lives in the build tree)
                if other == folder:
                    continue
                if RANK[other] >= RANK[folder]:
                    fail(f"{rel}:{n}: includes {header}: {other}/ is not an earlier stage than {folder}/")
                elif header != PUBLIC[other]:
                    fail(f"{rel}:{n}: includes {header}: a private header of {other}/ (use {PUBLIC[other]})")


def nm(lib, flags):
    out = subprocess.run(["nm", "-g", *flags, lib], capture_output=True, text=True, check=True).stdout
    syms = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and not line.endswith(":"):
            syms.add(parts[-1])
    return syms


def check_symbols(build):
    global checks
    defined, undefined = {}, {}
    for folder, lib in LIBS.items():
        path = os.path.join(build, lib)
        if not os.path.exists(path):
            fail(f"{lib}: not built in {build}")
            continue
        defined[folder] = nm(path, ["--defined-only"])
        undefined[folder] = nm(path, ["--undefined-only"])
    owner = {s: f for f, syms in defined.items() for s in syms}
    for folder in sorted(defined):
        for sym in sorted(defined[folder]):
            if sym.startswith("_"):
                continue  # reserved names the compiler makes (ASan's __odr_asan_gen_*, ...)
            checks += 1
            if not sym.startswith(PREFIXES[folder]):
                fail(f"{LIBS[folder]}: exports {sym}, which lacks {folder}/'s prefix ({', '.join(PREFIXES[folder])})")
        for sym in sorted(undefined[folder]):
            other = owner.get(sym)
            if other is None or other == folder:
                continue
            checks += 1
            if RANK[other] >= RANK[folder]:
                fail(f"{LIBS[folder]}: uses {sym} from {other}/, which is not an earlier stage (a back edge)")


def check_sizes(root):
    global checks
    for folder, rel, path in sources(root, list(RANK) + ["tests"]):
        with open(path, errors="replace") as f:
            lines = f.read().split("\n")
        checks += 1
        if len(lines) > MAX_FILE_LINES:
            fail(f"{rel}: {len(lines)} lines (at most {MAX_FILE_LINES})")
        if not rel.endswith(".c"):
            continue
        start = None
        for i, line in enumerate(lines):
            # A function body opens with "{" in column 0 and closes with "}" in column 0.
            if start is None and line.startswith("{"):
                start = i
            elif start is not None and line.startswith("}"):
                checks += 1
                if i - start + 1 > MAX_FUNC_LINES:
                    fail(f"{rel}:{start}: a function of {i - start + 1} lines (at most {MAX_FUNC_LINES})")
                start = None


def main():
    if len(sys.argv) != 3:
        print("usage: boundary_test.py SOURCE_DIR BUILD_DIR", file=sys.stderr)
        return 2
    root, build = sys.argv[1], sys.argv[2]
    check_includes(root)
    check_symbols(build)
    check_sizes(root)
    for msg in failures:
        print(f"FAIL: {msg}")
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
