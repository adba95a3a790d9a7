#!/bin/sh
# Runs each end-to-end script in a fresh temporary directory and counts the results.
#
# Usage: BACKOFFICE_BIN="[runner] /path/to/backoffice" [E2E_BACKEND=postgresql]
#        sh tests/e2e/run.sh tests/e2e/test_*.sh
# Each script runs with HOME, XDG_DATA_HOME and XDG_CONFIG_HOME inside its own
# temporary directory and no BACKOFFICE_* settings, so nothing touches the real
# home and no user's config file or environment changes what a script sees. A failed script's directory is kept for a look.
# E2E_JOBS=N runs N scripts at a time (the slow valgrind run uses every core);
# results are still printed in the order the scripts were given.

here=$(cd "$(dirname "$0")" && pwd)
: "${BACKOFFICE_BIN:=$(pwd)/backoffice}"
: "${E2E_JOBS:=1}"
# E2E_BACKEND (sqlite, postgresql) and the test server's BACKOFFICE_TEST_PG*
# reach every script; BACKOFFICE_DB does not (each names its own stores).
: "${E2E_BACKEND:=sqlite}"
export BACKOFFICE_BIN E2E_BACKEND
export E2E_LIB="$here/lib.sh"
if [ "$E2E_BACKEND" = postgresql ] && [ -z "${BACKOFFICE_TEST_PG:-}" ]; then
	echo "E2E_BACKEND=postgresql needs BACKOFFICE_TEST_PG (tests/support/with_pg.sh sets it)"
	exit 1
fi
[ -z "${BACKOFFICE_TEST_PG:-}" ] || export BACKOFFICE_TEST_PG \
	BACKOFFICE_TEST_PG_PASSWORD BACKOFFICE_TEST_PG_BINDIR

# One script: run it in its own directory; leave "ok" or "FAIL" in $dir/result.
if [ "$1" = "--one" ]; then
	abs=$2
	dir=$3
	mkdir -p "$dir/home" "$dir/data" "$dir/work"
	start=$(date +%s)
	if (cd "$dir/work" &&
		HOME="$dir/home" XDG_DATA_HOME="$dir/data" \
		XDG_CONFIG_HOME="$dir/config" BACKOFFICE_CONFIG= \
		BACKOFFICE_DB= BACKOFFICE_USER= BACKOFFICE_TENANT= \
		BACKOFFICE_THEME= BACKOFFICE_MOUSE= BACKOFFICE_HINTS= \
		BACKOFFICE_TIME= BACKOFFICE_LIBPQ= \
		sh "$abs") >"$dir/log" 2>&1; then
		echo ok >"$dir/result"
	else
		echo FAIL >"$dir/result"
	fi
	echo $(($(date +%s) - start)) >"$dir/time"
	exit 0
fi

list=$(mktemp "${TMPDIR:-/tmp}/backoffice-e2e-list.XXXXXX") || exit 1
for script in "$@"; do
	case $script in
	/*) abs=$script ;;
	*) abs=$(pwd)/$script ;;
	esac
	dir=$(mktemp -d "${TMPDIR:-/tmp}/backoffice-e2e.XXXXXX") || exit 1
	printf '%s %s\n' "$abs" "$dir" >>"$list"
done

# shellcheck disable=SC2016
xargs -P "$E2E_JOBS" -L 1 sh -c 'sh "$0" --one "$1" "$2"' "$here/run.sh" <"$list"

passed=0
failed=0
while read -r abs dir; do
	name=$(basename "$abs")
	if [ "$(cat "$dir/result" 2>/dev/null)" = ok ]; then
		passed=$((passed + 1))
		echo "ok   $name ($(grep -c '^  ok' "$dir/log") checks, $(cat "$dir/time") s)"
		# what a script left out on this backend, and why
		grep '^  skip' "$dir/log" | sed 's/^  /     /'
		rm -rf "$dir"
	else
		failed=$((failed + 1))
		echo "FAIL $name (after $(cat "$dir/time" 2>/dev/null) s; files kept in $dir)"
		grep -v '^  ok' "$dir/log" | sed 's/^/     /' | cat -v
	fi
done <"$list"
rm -f "$list"
echo "$passed passed, $failed failed ($E2E_BACKEND)"
[ "$failed" -eq 0 ]
