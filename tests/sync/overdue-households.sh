#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A household is due per programme, and a kind may be under more than one
# (schema/intervals.json: a site that screens its restaurants as self-built
# houses lists catering under selfbuilt too). A household overdue in two
# programmes is one household overdue and two programme checks overdue: the
# console's overview says both, each under its own name, and its household
# count equals the summary's (/v1/summary, fieldcheck summary). SQLite, and
# PostgreSQL with FC_TEST_DB=pg.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
PW='correct horse battery'

# The shipped intervals with catering also under selfbuilt, found before the shipped file.
mkdir -p "$T/data"
python3 - "$FC_ROOT/schema/intervals.json" "$T/data/intervals.json" <<'PY'
import json, sys
iv = json.load(open(sys.argv[1]))
iv["programmes"]["selfbuilt"]["catering"] = {"months": 12, "source": "[L] test: restaurants in self-built houses"}
json.dump(iv, open(sys.argv[2], "w"), ensure_ascii=False)
PY
FIELDCHECK_DATA="$T/data"
export FIELDCHECK_DATA
TODAY=$(date -u +%Y-%m-%d)

# H1 never inspected: overdue in gas and in selfbuilt. H2 overdue in gas.
# H3 checked today (gas, its own programme) but never screened: overdue in selfbuilt.
# H4 checked today: inside its cycle.
cat >"$T/hh.csv" <<CSV
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,catering,
H2,D1,新华路2号,李强,13800000002,residential,2020-01-01
H3,D1,新华路3号,周杰,13800000003,catering,$TODAY
H4,D2,和平街4号,孙丽,13800000004,residential,$TODAY
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
printf '%s\n' "$PW" | "$FCS" --db "$DB" user add city1 --role city --password-stdin 2>/dev/null
start_server --web "$FC_ROOT/web"
S="$T/s"
enrolled_device "$S" sam D1,D2 supervisor
curl -s -o /dev/null -c "$T/jar" -H 'Content-Type: application/json' \
    -d "{\"name\":\"city1\",\"password\":\"$PW\"}" "$URL/console/api/login"

# field JSON EXPR: a value of the overview's JSON.
field() {
	python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
curl -s -o "$T/ov.json" -b "$T/jar" "$URL/console/api/overview"
ok "(the overview has four programme checks overdue: H1 twice, H2, H3's screening)" \
    test "$(field "$T/ov.json" 'sum(p["overdue"] for p in o["programmes"])')" = 4
ok "the overview counts three households overdue, H1 once" \
    test "$(field "$T/ov.json" 'o["households"]["overdue"]')" = 3
ok "and four households in all, each once" \
    test "$(field "$T/ov.json" 'o["households"]["total"]')" = 4
curl -s -o "$T/ov1.json" -b "$T/jar" "$URL/console/api/overview?district=D1"
ok "D1's overview: three households overdue" \
    test "$(field "$T/ov1.json" 'o["households"]["overdue"]')" = 3
curl -s -o "$T/ov2.json" -b "$T/jar" "$URL/console/api/overview?district=D2"
ok "D2's overview: none overdue, one inside its cycle" \
    test "$(field "$T/ov2.json" '(o["households"]["overdue"], o["households"]["ok"])')" = "(0, 1)"

expect_exit 0 "a supervisor gets the summary" \
    sh -c "echo $PIN | FIELDCHECK_HOME='$S' '$FC' summary --json --pin-stdin"
ok "the summary counts the same three households overdue in D1" \
    python3 -c 'import json,sys
s=json.load(open(sys.argv[1]))
g=[x for x in s["groups"] if x["key"] == "D1"]
sys.exit(not g or g[0]["households_overdue"] != 3)' "$T/out"

# The console names the two numbers apart, in both languages.
contains "the overview card says households" "$FC_ROOT/web/overview.js" 'card("Households overdue", overdue'
contains "and the sum of programme rows says checks" "$FC_ROOT/web/overview.js" \
    'card("Programme checks overdue", checks'
for lang in zh en; do
	curl -s -o "$T/words-$lang.json" -b "$T/jar" "$URL/console/api/strings?lang=$lang"
done
ok "both names are translated into Chinese, apart" python3 -c 'import json,sys
w=json.load(open(sys.argv[1]))
w=w.get("strings", w)
a, b = w.get("Households overdue"), w.get("Programme checks overdue")
sys.exit(not a or not b or a == b or a == "Households overdue" or b == "Programme checks overdue")' \
    "$T/words-zh.json"
stop_server
