#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The exports read the store a page (EXP_PAGE, 2 000 rows) at a time after
# the last key written (server/export.c): an export longer than a page must
# hold every current record, hazard and overdue household exactly once and in
# key order, for the city and for a list of districts, and a district's
# export must be the city's rows of that district. 4 500 records signed and
# stored through the server's own ingest path (bench/pg-store, registry
# households too: the overdue list runs to many pages, the hazards to one).
# That each page is read in key order, not sorted again
# (an export of n rows cost n^2 / page), is test-console-plan's. Both
# backends (FC_TEST_DB=pg).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
PGS="$FC_BUILD/bench/pg-store"
N=4500

if FC_PG_STORE_REGISTRY=1 "$PGS" "$DB" "$N" >"$T/fill.log" 2>&1; then
	pass "$N records stored through the ingest path"
else
	fail "$N records stored through the ingest path" "$(tail -n 3 "$T/fill.log")"
fi

# export WHAT NAME [ARGS...]: the CSV export into $T/NAME.csv.
export_csv() {
	w=$1 n=$2
	shift 2
	"$FCS" --db "$DB" export "$w" --format csv --codes --lang en --out "$T/$n.csv" "$@" \
	    >"$T/$n.log" 2>&1
}

# body FILE: the rows without the header line.
body() { tail -n +2 "$1"; }

ok "records export of the city" export_csv records city --programme gas
rows=$(body "$T/city.csv" | wc -l)
if [ "$rows" -eq "$N" ]; then
	pass "the city's export holds all $N records (more than two pages)"
else
	fail "the city's export holds all $N records (more than two pages)" "$rows rows"
fi
dups=$(body "$T/city.csv" | cut -d, -f1 | sort | uniq -d | wc -l)
if [ "$rows" -gt 0 ] && [ "$dups" -eq 0 ]; then
	pass "no record twice across pages"
else
	fail "no record twice across pages" "$dups of $rows"
fi
body "$T/city.csv" | cut -d, -f1 >"$T/ids"
if [ -s "$T/ids" ] && LC_ALL=C sort -c "$T/ids" 2>/dev/null; then
	pass "records come in key order across pages"
else
	fail "records come in key order across pages"
fi

# The district column of the records export.
col=$(head -n 1 "$T/city.csv" | tr ',' '\n' | grep -n -i '^district$' | cut -d: -f1)
[ -n "$col" ] && pass "the records export has a district column" ||
    fail "the records export has a district column" "$(head -n 1 "$T/city.csv")"
set -- $(body "$T/city.csv" | cut -d, -f"${col:-1}" | sort -u | head -n 2)
D1=${1:-none} D2=${2:-none}
ok "records export of two districts" export_csv records two --programme gas --district "$D1,$D2"
body "$T/city.csv" | awk -F, -v c="${col:-1}" -v a="$D1" -v b="$D2" '$c == a || $c == b' \
    >"$T/want"
body "$T/two.csv" >"$T/got"
if [ -s "$T/want" ] && cmp -s "$T/want" "$T/got"; then
	pass "two districts' export is exactly the city's rows of them, in order ($(wc -l <"$T/got"))"
else
	fail "two districts' export is exactly the city's rows of them, in order" \
	    "want $(wc -l <"$T/want"), got $(wc -l <"$T/got")"
fi

for w in hazards overdue; do
	ok "$w export of the city" export_csv "$w" "$w-city"
	ok "$w export of two districts" export_csv "$w" "$w-two" --district "$D1,$D2"
	all=$(body "$T/$w-city.csv" | wc -l)
	dups=$(body "$T/$w-city.csv" | sort | uniq -d | wc -l)
	if [ "$all" -gt 0 ] && [ "$dups" -eq 0 ]; then
		pass "$w: no row twice across pages ($all rows)"
	else
		fail "$w: no row twice across pages" "$dups of $all"
	fi
	two=$(body "$T/$w-two.csv" | wc -l)
	if [ "$two" -gt 0 ] && [ "$two" -lt "$all" ]; then
		pass "$w: two districts' export is part of the city's ($two of $all)"
	else
		fail "$w: two districts' export is part of the city's" "$two of $all"
	fi
	missing=$(body "$T/$w-two.csv" | sort >"$T/a"; body "$T/$w-city.csv" | sort >"$T/b";
	    comm -23 "$T/a" "$T/b" | wc -l)
	[ "$missing" -eq 0 ] && pass "$w: every row of the districts' export is in the city's" ||
	    fail "$w: every row of the districts' export is in the city's" "$missing"
done
