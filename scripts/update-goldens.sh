#!/usr/bin/env bash
# Regenerates golden files from the current sonde: X.ast from `--emit=ast X.bt` for
# tests/parser/ast, X.err from its stderr for tests/parser/errors. Review the diff before
# committing: a golden is only as right as the output it was taken from.
#
#   scripts/update-goldens.sh [--bin build/sonde] [X.bt ...]   (default: every golden script)
#
# The folder -> (mode, extension) table mirrors tests/CMakeLists.txt's sonde_golden() calls.
set -euo pipefail

bin=build/sonde
if [[ ${1:-} == --bin ]]; then
	bin=$(realpath -m "$2")
	shift 2
fi
# Arguments are relative to where we were called from; everything else to the repo.
scripts=()
for arg in "$@"; do
	scripts+=("$(realpath -m "$arg")")
done
cd "$(dirname "$0")/.."
[[ -x $bin ]] || { echo "update-goldens: no $bin; build first (cmake --build build)" >&2; exit 1; }

# golden_kind DIR: prints "MODE EXT" for a golden folder, nothing for other folders.
golden_kind() {
	case $1 in
	tests/parser/ast) echo "ast ast" ;;
	tests/parser/errors) echo "ast-err err" ;;
	esac
}

if [[ ${#scripts[@]} -eq 0 ]]; then
	shopt -s nullglob
	scripts=(tests/parser/ast/*.bt tests/parser/errors/*.bt)
fi

status=0
for script in "${scripts[@]}"; do
	dir=$(realpath --relative-to=. "$(dirname "$script")")
	kind=$(golden_kind "$dir")
	if [[ -z $kind ]]; then
		echo "update-goldens: $script is not in a golden folder" >&2
		status=1
		continue
	fi
	read -r mode ext <<<"$kind"
	UPDATE_GOLDEN=1 bash tests/run_golden.sh "$bin" "$mode" "$script" \
		"$dir/$(basename "$script" .bt).$ext" || status=1
done
exit $status
