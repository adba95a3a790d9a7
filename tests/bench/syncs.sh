#!/bin/sh
# Counts the fdatasync/fsync calls of write and read commands (strace -c): per
# command process, and per command inside one long-lived process (the
# services over one connection, as the TUI runs them).
#
# Usage: sh tests/bench/syncs.sh BACKOFFICE_BINARY BENCH_DURABLE_BINARY
set -eu
bin=$1
durable=$2
command -v strace >/dev/null 2>&1 || {
	echo "bench-syncs needs strace (apt-get install strace)" >&2
	exit 2
}
dir=$(mktemp -d "${TMPDIR:-/tmp}/backoffice-syncs.XXXXXX")
trap 'rm -rf "$dir"' EXIT
db="sqlite:$dir/shop.db"

# syncs CMD...: the number of sync calls CMD made (its exit status must be 0)
syncs() {
	strace -f -qq -e trace=fdatasync,fsync -o "$dir/trace" "$@" \
		>/dev/null 2>"$dir/err" || {
		echo "failed: $*" >&2
		cat "$dir/err" >&2
		exit 1
	}
	grep -c 'sync(' "$dir/trace" || true
}

"$bin" --db "$db" --user bench init >/dev/null
"$bin" --db "$db" --user bench product add --sku SYNC-1 --name Sync \
	--price 2.50 --stock 1000 >/dev/null
echo "one command per process (sqlite, WAL, synchronous=FULL):"
place=$(syncs "$bin" --db "$db" --user bench order place \
	--customer s@example.com --line SYNC-1:1)
id=$("$bin" --db "$db" --user bench --format csv order list | tail -n 1 |
	cut -d, -f1)
pay=$(syncs "$bin" --db "$db" --user bench order pay "$id" --amount 2.50)
summary=$(syncs "$bin" --db "$db" --user bench report summary)
list=$(syncs "$bin" --db "$db" --user bench order list)
printf '  order place     %s\n  order pay       %s\n' "$place" "$pay"
printf '  report summary  %s\n  order list      %s\n' "$summary" "$list"

echo "many commands in one process (the services over one connection):"
small=$(syncs "$durable" --orders 200 --rounds 1 --only services)
large=$(syncs "$durable" --orders 400 --rounds 1 --only services)
# 2 commands an order (place, pay): the difference is 400 commands
awk -v s="$small" -v l="$large" 'BEGIN {
	printf "  200 orders %d, 400 orders %d: %.2f per command for the 400 more\n",
		s, l, (l - s) / 400 }'
