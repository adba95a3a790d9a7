# Helpers for the end-to-end scripts: run the binary, check status and output.
#
# Source it first (`. "$E2E_LIB"`), call `finish` last. Every check prints
# "  ok ..." or a FAIL block saying what was expected and what came out.
# $BACKOFFICE_BIN may hold a runner prefix (valgrind ...): it is split on purpose.

E2E_FAILS=0
E2E_CHECKS=0
E2E_OUT=$(pwd)/.last.out
E2E_ERR=$(pwd)/.last.err
E2E_STATUS=0
ESC=$(printf '\033')

# The binary, with whatever runner prefix the suite was given.
bo() {
	$BACKOFFICE_BIN "$@"
}

# printf, not echo: some shells' echo turns backslashes in data into bytes.
fail() {
	E2E_FAILS=$((E2E_FAILS + 1))
	printf 'FAIL: %s\n' "$*"
}

pass() {
	E2E_CHECKS=$((E2E_CHECKS + 1))
	printf '  ok %s\n' "$*"
}

# Runs a command, keeping stdout, stderr and the status for the checks.
run() {
	"$@" >"$E2E_OUT" 2>"$E2E_ERR"
	E2E_STATUS=$?
}

show_last() {
	printf '    stdout: %s\n' "$(head -c 2000 "$E2E_OUT")"
	printf '    stderr: %s\n' "$(head -c 2000 "$E2E_ERR")"
}

# expect_status N cmd...: the command exits with status N.
expect_status() {
	want=$1
	shift
	run "$@"
	if [ "$E2E_STATUS" -eq "$want" ]; then
		pass "status $want: $*"
	else
		fail "$*"
		echo "    expected status $want, got $E2E_STATUS"
		show_last
	fi
}

# expect_stdout TEXT cmd...: status 0 and stdout exactly TEXT (trailing
# newlines aside, as $(...) drops them).
expect_stdout() {
	want=$1
	shift
	run "$@"
	got=$(cat "$E2E_OUT")
	if [ "$E2E_STATUS" -eq 0 ] && [ "$got" = "$want" ]; then
		pass "stdout: $*"
	else
		fail "$*"
		echo "    expected status 0 and stdout:"
		printf '%s\n' "$want" | sed 's/^/      | /'
		echo "    got status $E2E_STATUS and stdout:"
		printf '%s\n' "$got" | sed 's/^/      | /'
		printf '    stderr: %s\n' "$(cat "$E2E_ERR")"
	fi
}

# expect_stdout_contains TEXT: the last command's stdout contains TEXT.
expect_stdout_contains() {
	if grep -qF -- "$1" "$E2E_OUT"; then
		pass "stdout has '$1'"
	else
		fail "stdout should contain '$1'"
		show_last
	fi
}

# expect_stderr_contains TEXT: the last command's stderr contains TEXT.
expect_stderr_contains() {
	if grep -qF -- "$1" "$E2E_ERR"; then
		pass "stderr has '$1'"
	else
		fail "stderr should contain '$1'"
		show_last
	fi
}

# expect_stdout_lacks TEXT: the last command's stdout does not contain TEXT.
expect_stdout_lacks() {
	if grep -qF -- "$1" "$E2E_OUT"; then
		fail "stdout should not contain '$1'"
		show_last
	else
		pass "stdout lacks '$1'"
	fi
}

# expect_stderr_one_line: errors are one sentence on one line, prefixed.
expect_stderr_one_line() {
	lines=$(wc -l <"$E2E_ERR")
	if [ "$lines" -eq 1 ] && grep -q '^backoffice: ' "$E2E_ERR"; then
		pass "one-line error"
	else
		fail "stderr should be one 'backoffice: ...' line"
		show_last
	fi
}

# same_file A B WHAT: two files are byte-identical.
same_file() {
	if cmp -s "$1" "$2"; then
		pass "identical: $3"
	else
		fail "$3: $1 and $2 differ"
		diff "$1" "$2" | head -20 | sed 's/^/    /'
	fi
}

# snapshot FILE-PREFIX: the event log and every product, as an admin sees them.
# Needs $DB (the --db value) and $ADMIN.
snapshot() {
	bo --db "$DB" --user "$ADMIN" events export >"$1.events" 2>&1
	bo --db "$DB" --user "$ADMIN" product list --all --format json \
		>"$1.products" 2>&1
}

# expect_rejected N cmd...: status N, a one-line error, and nothing written.
expect_rejected() {
	snapshot .before
	expect_status "$@"
	expect_stderr_one_line
	snapshot .after
	same_file .before.events .after.events "event log after: $*"
	same_file .before.products .after.products "products after: $*"
}

# Call last: the script's status says whether every check passed.
finish() {
	echo "$E2E_CHECKS checks, $E2E_FAILS failed"
	[ "$E2E_FAILS" -eq 0 ]
}
