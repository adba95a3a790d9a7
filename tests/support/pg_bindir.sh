#!/bin/sh
# Prints the directory of the PostgreSQL server programs (initdb, pg_ctl),
# wherever the system put them: Debian and Ubuntu's /usr/lib/postgresql/N/bin
# (the newest N), the PGDG packages' /usr/pgsql-N/bin, a source build's
# /usr/local/pgsql/bin, or the PATH. Exit 1, printing nothing, when there
# are none.
found=
for d in /usr/lib/postgresql/*/bin /usr/pgsql-*/bin /usr/local/pgsql/bin; do
	[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] || continue
	# the highest version number wins (9.6 < 15 < 17)
	v=$(printf '%s\n' "$d" | sed 's/[^0-9.]*\([0-9][0-9.]*\).*/\1/')
	if [ -z "$found" ] || [ "$(printf '%s\n%s\n' "$best" "$v" | sort -V | tail -n 1)" = "$v" ]; then
		found=$d
		best=$v
	fi
done
if [ -z "$found" ] && command -v initdb >/dev/null 2>&1 &&
	command -v pg_ctl >/dev/null 2>&1; then
	found=$(dirname "$(command -v initdb)")
fi
[ -n "$found" ] || exit 1
printf '%s\n' "$found"
