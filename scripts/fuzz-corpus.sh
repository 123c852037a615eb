#!/usr/bin/env bash
# Builds the parser fuzzer's seed corpus: every .bt under tests/parser and examples/, every
# script of the conformance suite, and each of its one-line `PROG` programs, one file each,
# named by content hash so running it again adds nothing twice.
#
#   scripts/fuzz-corpus.sh [SUITE_DIR [OUT_DIR]]
#   (defaults: ../shared/conformance/suite relative to the repo, fuzz-out/corpus)
set -euo pipefail
# Arguments are relative to where we were called from; the defaults to the repo.
suite=${1:+$(realpath -m "$1")}
out=${2:+$(realpath -m "$2")}
cd "$(dirname "$0")/.."
suite=${suite:-../shared/conformance/suite}
out=${out:-fuzz-out/corpus}
mkdir -p "$out"

# add FILE: copies FILE's content into the corpus under its hash.
add() {
	local sum
	sum=$(sha1sum <"$1" | cut -d' ' -f1)
	[[ -e $out/$sum ]] || cp "$1" "$out/$sum"
}

before=$(find "$out" -type f | wc -l)
while IFS= read -r -d '' f; do
	add "$f"
done < <(find tests/parser examples -name '*.bt' -print0 2>/dev/null)

if [[ -d $suite ]]; then
	while IFS= read -r -d '' f; do
		add "$f"
	done < <(find "$suite" -name '*.bt' -print0)
	tmp=$(mktemp)
	trap 'rm -f "$tmp"' EXIT
	# Suite files are directive lists; a PROG line holds one whole program.
	while IFS= read -r prog; do
		printf '%s\n' "$prog" >"$tmp"
		add "$tmp"
	done < <(find "$suite" -maxdepth 1 -type f -exec sed -n 's/^PROG //p' {} +)
else
	echo "fuzz-corpus: no suite at $suite; seeding from this repo only" >&2
fi
echo "fuzz-corpus: $(( $(find "$out" -type f | wc -l) - before )) new, $(find "$out" -type f | wc -l) in $out"
