#!/bin/sh
# Runs each fuzz target for a while from a scratch copy of its committed corpus; any artifact fails it.
#
# Usage: sh tests/fuzz/run.sh SECONDS BUILD_DIR NAME...
# NAME is a target (fuzz_codec): BUILD_DIR/fuzz/NAME is the binary,
# tests/fuzz/corpus/NAME/ the seeds, tests/fuzz/NAME.dict a dictionary if
# there is one. New inputs go to a temporary directory that is thrown away,
# so nothing lands in the committed corpus by accident; crashes, leaks and
# timeouts go to BUILD_DIR/artifacts/NAME/ (emptied first) and the log to
# BUILD_DIR/NAME.log. One target at a time: the fuzzers use a core each.

secs=$1
build=$2
shift 2
failed=0
for name in "$@"; do
	bin=$build/fuzz/$name
	seeds=tests/fuzz/corpus/$name
	art=$build/artifacts/$name
	log=$build/$name.log
	if [ ! -d "$seeds" ] || [ -z "$(ls "$seeds")" ]; then
		echo "fuzz: $name: no seed corpus in $seeds"
		failed=$((failed + 1))
		continue
	fi
	work=$(mktemp -d "${TMPDIR:-/tmp}/backoffice-fuzz.XXXXXX") || exit 1
	cp "$seeds"/* "$work"/
	rm -rf "$art"
	mkdir -p "$art"
	dict=
	if [ -f "tests/fuzz/$name.dict" ]; then
		dict=-dict=tests/fuzz/$name.dict
	fi
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -timeout=30 -print_final_stats=1 \
		-artifact_prefix="$art/" $dict "$work" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
	corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -n 1)
	nart=$(ls "$art" | wc -l)
	echo "fuzz: $name: ${execs:-?} runs (${rate:-?}/s) in ${secs}s, ${cov:-cov ?}," \
		"${corp:-corp: ?} (seeds $(ls "$seeds" | wc -l)), $nart artifact(s)"
	if [ "$rc" -ne 0 ] || [ "$nart" -ne 0 ]; then
		echo "FAILED: $name (exit $rc); artifacts in $art, log $log:"
		grep -v '^#' "$log" | tail -n 40
		failed=$((failed + 1))
	fi
	rm -rf "$work"
done
if [ "$failed" -ne 0 ]; then
	echo "$failed fuzz target(s) failed"
	exit 1
fi
