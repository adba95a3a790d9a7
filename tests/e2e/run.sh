#!/bin/sh
# Runs each end-to-end script in a fresh temporary directory and counts the results.
#
# Usage: BACKOFFICE_BIN="[runner] /path/to/backoffice" sh tests/e2e/run.sh tests/e2e/test_*.sh
# Each script runs with HOME and XDG_DATA_HOME inside its own temporary directory,
# so nothing touches the real home. A failed script's directory is kept for a look.

here=$(cd "$(dirname "$0")" && pwd)
: "${BACKOFFICE_BIN:=$(pwd)/backoffice}"
export BACKOFFICE_BIN
export E2E_LIB="$here/lib.sh"

passed=0
failed=0
for script in "$@"; do
	case $script in
	/*) abs=$script ;;
	*) abs=$(pwd)/$script ;;
	esac
	name=$(basename "$script")
	dir=$(mktemp -d "${TMPDIR:-/tmp}/backoffice-e2e.XXXXXX") || exit 1
	mkdir -p "$dir/home" "$dir/data" "$dir/work"
	if (cd "$dir/work" &&
		HOME="$dir/home" XDG_DATA_HOME="$dir/data" \
		BACKOFFICE_DB= BACKOFFICE_USER= \
		sh "$abs") >"$dir/log" 2>&1; then
		passed=$((passed + 1))
		echo "ok   $name ($(grep -c '^  ok' "$dir/log") checks)"
		rm -rf "$dir"
	else
		failed=$((failed + 1))
		echo "FAIL $name (files kept in $dir)"
		grep -v '^  ok' "$dir/log" | sed 's/^/     /' | cat -v
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
