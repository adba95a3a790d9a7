# Writer and reader loops around a rebuild: sourced by test_online_rebuild.sh and `make bench-rebuild`.
#
# Needs LOAD_BIN (the binary, a runner prefix allowed), LOAD_DB (the --db
# value), LOAD_USER, LOAD_SKU (a product with plenty of stock) and LOAD_DIR
# (an empty directory for the logs). Each writer loop places an order and
# pays part of it, again and again until load_stop; every command's exit
# status, wall time in ms and end (ms since the epoch) go to
# LOAD_DIR/w<N>.log as "status ms end what id".
# The reader loop logs "<order list lines> <orders_placed>" per read.

# ms since the epoch (GNU date)
load_now() {
	date +%s%3N
}

load_writer() {
	n=$1
	while [ ! -e "$LOAD_DIR/stop" ]; do
		t0=$(load_now)
		id=$($LOAD_BIN --db "$LOAD_DB" --user "$LOAD_USER" order place \
			--customer "writer$n@example.com" --line "$LOAD_SKU:1" \
			2>>"$LOAD_DIR/w$n.err")
		rc=$?
		t1=$(load_now)
		echo "$rc $((t1 - t0)) $t1 place $id" >>"$LOAD_DIR/w$n.log"
		[ "$rc" -eq 0 ] || continue
		t0=$(load_now)
		$LOAD_BIN --db "$LOAD_DB" --user "$LOAD_USER" order pay "$id" \
			--amount 1 >/dev/null 2>>"$LOAD_DIR/w$n.err"
		rc=$?
		t1=$(load_now)
		echo "$rc $((t1 - t0)) $t1 pay $id" >>"$LOAD_DIR/w$n.log"
	done
}

load_reader() {
	while [ ! -e "$LOAD_DIR/stop" ]; do
		lines=$($LOAD_BIN --db "$LOAD_DB" --user "$LOAD_USER" order list \
			--format csv 2>>"$LOAD_DIR/r.err" | wc -l)
		placed=$($LOAD_BIN --db "$LOAD_DB" --user "$LOAD_USER" report \
			summary --format json 2>>"$LOAD_DIR/r.err" |
			sed -n 's/.*"orders_placed":[^0-9]*\([0-9]*\).*/\1/p')
		echo "$lines ${placed:-none}" >>"$LOAD_DIR/r.log"
	done
}

# load_start N [reader]: N writer loops, and a reader loop when asked.
load_start() {
	rm -f "$LOAD_DIR/stop" "$LOAD_DIR"/w*.log "$LOAD_DIR"/w*.err \
		"$LOAD_DIR/r.log" "$LOAD_DIR/r.err"
	LOAD_PIDS=
	i=1
	while [ "$i" -le "$1" ]; do
		load_writer "$i" &
		LOAD_PIDS="$LOAD_PIDS $!"
		i=$((i + 1))
	done
	if [ "$2" = reader ]; then
		load_reader &
		LOAD_PIDS="$LOAD_PIDS $!"
	fi
}

load_stop() {
	touch "$LOAD_DIR/stop"
	for p in $LOAD_PIDS; do
		wait "$p"
	done
}

# "writes W failed F longest_ms L": over every writer log.
load_summary() {
	cat "$LOAD_DIR"/w*.log 2>/dev/null | awk '
		{ n++; if ($1 != 0) f++; if ($2 > m) m = $2 }
		END { printf "writes %d failed %d longest_ms %d\n", n, f, m }'
}
