#!/bin/sh
# make bench-tenants: what tenant create and tenant move cost, each beside a
# baseline timed in the same run on the same machine.
#   tenant create (N in a row, per backend)  vs  init of a plain store there
#   tenant move of a demo tenant, SQLite -> PostgreSQL and back
#                                            vs  events export + events import
#                                                 of the same log to the same place
# Run under tests/support/with_pg.sh (BACKOFFICE_TEST_PG names the server);
# without it only the SQLite figures are taken.
# Usage: tenants.sh BIN ORDERS CREATES
set -eu

bin=$1
orders=${2:-100000}
creates=${3:-20}
dir=$(mktemp -d "${TMPDIR:-/tmp}/backoffice-bench-tenants.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
cd "$dir"
export BACKOFFICE_USER=bench
[ -z "${BACKOFFICE_TEST_PG_PASSWORD:-}" ] || export PGPASSWORD="$BACKOFFICE_TEST_PG_PASSWORD"

now() { date +%s.%N; }
# elapsed START: seconds since START, 3 decimals
elapsed() { awk -v s="$1" -v t="$(now)" 'BEGIN { printf "%.3f", t - s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
pg_url() { # pg_url SCHEMA
	case $BACKOFFICE_TEST_PG in
	*\?*) printf '%s&schema=%s' "$BACKOFFICE_TEST_PG" "$1" ;;
	*) printf '%s?schema=%s' "$BACKOFFICE_TEST_PG" "$1" ;;
	esac
}

# creates LABEL DB: N tenant creates in the installation DB, against N inits
# of plain stores beside it (the same migrations, no registry)
creates() {
	label=$1
	db=$2
	"$bin" --db "$db" init >/dev/null
	start=$(now)
	i=1
	while [ "$i" -le "$creates" ]; do
		"$bin" --db "$db" tenant create "t$i" >/dev/null
		i=$((i + 1))
	done
	t_create=$(elapsed "$start")
	start=$(now)
	i=1
	while [ "$i" -le "$creates" ]; do
		case $label in
		sqlite) "$bin" --db "sqlite:$dir/plain$i.db" init >/dev/null ;;
		*) "$bin" --db "$(pg_url "plain$i")" init >/dev/null ;;
		esac
		i=$((i + 1))
	done
	t_init=$(elapsed "$start")
	printf '| tenant create (%s) | %d | %.1f ms each | init of a plain store: %.1f ms each | %sx |\n' \
		"$label" "$creates" "$(awk -v t="$t_create" -v n="$creates" 'BEGIN { print 1000 * t / n }')" \
		"$(awk -v t="$t_init" -v n="$creates" 'BEGIN { print 1000 * t / n }')" \
		"$(ratio "$t_create" "$t_init")"
}

echo "| what | count | time | baseline (same run) | ratio |"
echo "|---|---|---|---|---|"
creates sqlite "sqlite:$dir/home.db"
if [ -n "${BACKOFFICE_TEST_PG:-}" ]; then
	creates postgresql "$(pg_url bench_home)"
fi

# the demo tenant
mkdir -p "$dir/back"
db="sqlite:$dir/home.db"
"$bin" --db "$db" tenant create shop >/dev/null
start=$(now)
"$bin" --db "$db" --tenant shop demo seed --orders "$orders" --now 2026-01-31 >/dev/null 2>&1
events=$("$bin" --db "$db" --tenant shop events export | tee "$dir/log.jsonl" | wc -l)
echo "seeded $orders orders ($events events) in $(elapsed "$start") s" >&2

# move_pair LABEL TO BASE_DB: tenant move to TO, against export + import of
# the same log into a fresh store BASE_DB of the same backend
move_pair() {
	label=$1
	to=$2
	base=$3
	start=$(now)
	"$bin" --db "$db" tenant move shop --to "$to" >"$dir/move.out"
	t_move=$(elapsed "$start")
	grep -q verified "$dir/move.out"
	start=$(now)
	"$bin" --db "$base" init >/dev/null
	"$bin" --db "$db" --tenant shop events export >"$dir/again.jsonl"
	"$bin" --db "$base" events import "$dir/again.jsonl" >/dev/null
	t_base=$(elapsed "$start")
	printf '| tenant move, %s | %d events | %s s (%.0f events/s) | export + import: %s s | %sx |\n' \
		"$label" "$events" "$t_move" "$(awk -v e="$events" -v t="$t_move" 'BEGIN { print e / t }')" \
		"$t_base" "$(ratio "$t_move" "$t_base")"
}

if [ -n "${BACKOFFICE_TEST_PG:-}" ]; then
	move_pair "SQLite to PostgreSQL" "$BACKOFFICE_TEST_PG" "$(pg_url bench_base_pg)"
	move_pair "PostgreSQL to SQLite" "sqlite:$dir/back/shop.db" "sqlite:$dir/base_back.db"
else
	move_pair "SQLite to SQLite" "sqlite:$dir/back/shop.db" "sqlite:$dir/base_back.db"
fi
