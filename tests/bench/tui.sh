#!/bin/sh
# make bench-tui: each TUI screen's first frame, the searches, the customer
# view and a product's history on a large demo store, off-screen (120x40),
# each beside a baseline timed in the same rounds: `:order N`, a timeline
# opened by its number (tests/tui/bench_tui.c does the timing). SQLite, and
# PostgreSQL too when run under tests/support/with_pg.sh (BACKOFFICE_TEST_PG
# names the server; its store holds PG_ORDERS orders, imported from the log
# of a SQLite store seeded alike: appending on PostgreSQL is the slow part,
# and a million would take hours there).
# Usage: tui.sh BIN BENCH_TUI ORDERS PG_ORDERS ROUNDS
set -eu

bin=$1
bench=$2
orders=${3:-1000000}
pg_orders=${4:-100000}
rounds=${5:-9}
dir=$(mktemp -d "${TMPDIR:-/tmp}/backoffice-bench-tui.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
cd "$dir"
export BACKOFFICE_USER=bench
[ -z "${BACKOFFICE_TEST_PG_PASSWORD:-}" ] || export PGPASSWORD="$BACKOFFICE_TEST_PG_PASSWORD"

now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v t="$(now)" 'BEGIN { printf "%.1f", t - s }'; }
# json_field NAME: the first "NAME": "value" of the JSON on stdin
json_field() {
	sed -n "s/.*\"$1\":[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" | head -n 1
}

# seeded DB N: a store at DB holding N demo orders (same seed, same day:
# the same shop every time)
seeded() {
	"$bin" --db "$1" init >/dev/null
	echo "seeding $2 demo orders ..."
	start=$(now)
	"$bin" --db "$1" demo seed --orders "$2" --seed 42 --now 2026-11-26 \
		>/dev/null
	echo "seeded in $(elapsed "$start") s"
}

# run LABEL DB N: what to look for in a store of N orders (the e-mail and
# first SKU of the order in the middle, the tracking number of the newest
# shipped order), then the table
run() {
	mid=$(($3 / 2))
	"$bin" --db "$2" order show "$mid" --format json >mid.json
	email=$(json_field customer_email <mid.json)
	sku=$(json_field sku <mid.json)
	shipped=$("$bin" --db "$2" order list --status shipped --limit 1 \
		--format csv | awk -F, 'NR == 2 { print $1 }')
	"$bin" --db "$2" order show "$shipped" --format json >shipped.json
	tracking=$(json_field tracking <shipped.json)
	echo
	echo "$1, $3 orders; looking for e-mail $email, SKU $sku, tracking $tracking, order $mid"
	"$bench" --db "$2" --user bench --rounds "$rounds" --order "$mid" \
		--email "$email" --sku "$sku" --tracking "$tracking"
}

db="sqlite:$dir/bench.db"
seeded "$db" "$orders"
run SQLite "$db" "$orders"

if [ -n "${BACKOFFICE_TEST_PG:-}" ]; then
	case $BACKOFFICE_TEST_PG in
	*\?*) pg="$BACKOFFICE_TEST_PG&schema=bench_tui" ;;
	*) pg="$BACKOFFICE_TEST_PG?schema=bench_tui" ;;
	esac
	seeded "sqlite:$dir/pg.db" "$pg_orders"
	"$bin" --db "sqlite:$dir/pg.db" events export >log.jsonl
	"$bin" --db "$pg" init >/dev/null
	start=$(now)
	"$bin" --db "$pg" events import log.jsonl >/dev/null
	echo "PostgreSQL store (schema bench_tui) filled by importing that log in $(elapsed "$start") s"
	run PostgreSQL "$pg" "$pg_orders"
fi
