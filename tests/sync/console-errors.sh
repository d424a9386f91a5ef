#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every error of the console's API (server/console-errors.c) on a real
# server that real devices pushed to (SQLite, and PostgreSQL with
# FC_TEST_DB=pg), asked for by a Chinese and by an English browser: the HTTP
# status, the error's code, and its exact words in that language; a Chinese
# answer carries no English word but the request's own (ids, parameters and
# their values). The server runs with its administrator's language English,
# so a Chinese answer cannot come from the process's locale.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
ANS="$FC_ROOT/tests/data/answers"
PW='correct horse battery'
ZH='zh-CN,zh;q=0.9,en;q=0.8'
EN='en-US,en;q=0.9,zh;q=0.5'

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D1,新华路2号,李强,13800000002,residential,
H3,D2,和平街4号,周杰,13800000004,residential,
CSV
# An address as long as the registry takes, of a character LIKE must escape.
printf 'H4,D1,%s,赵敏,13800000005,residential,\n' "$(printf '_%.0s' $(seq 255))" >>"$T/hh.csv"
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null
for a in "sup1 --role supervisor --districts D1" "city1 --role city" \
    "locky --role supervisor --districts D1"; do
	# shellcheck disable=SC2086
	printf '%s\n' "$PW" | "$FCS" --db "$DB" user add $a --password-stdin 2>/dev/null
done
# On PostgreSQL a locked table answers "busy" after a second instead of waiting.
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	pg_sql "ALTER DATABASE fieldcheck SET lock_timeout = '1s'" >/dev/null
fi
mkdir -p "$T/tmp"
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
LANGUAGE=en TMPDIR="$T/tmp" "$FCS" --db "$DB" serve --listen "127.0.0.1:$PORT" \
    --web "$FC_ROOT/web" 2>>"$T/server.log" &
SERVER_PID=$!
fc_on_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
wait_port "$PORT"

A="$T/dev-a" B="$T/dev-b"
enrolled_device "$A" ana D1
enrolled_device "$B" ben D2
# The first sync brings the devices the registry of their districts.
dsync "$A" >/dev/null 2>&1
dsync "$B" >/dev/null 2>&1
crec() {
	echo "$PIN" | FIELDCHECK_HOME="$1" "$FC" record --template "$2" --household "$3" \
	    --answers "$ANS/$4.json" --pin-stdin --json |
	    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
R1=$(crec "$A" gas H1 gas-major)
R2=$(crec "$A" gas H2 gas-clean)
R3=$(crec "$B" gas H3 gas-clean)
ok "three records are recorded (a hazard and a photo in D1, clean in D1 and D2)" \
    test -n "$R1" -a -n "$R2" -a -n "$R3"
expect_exit 0 "the D1 device syncs" dsync "$A"
expect_exit 0 "the D2 device syncs" dsync "$B"

# login NAME PASSWORD JAR [CURL ARGS...]: the status.
login() {
	n=$1 p=$2 j=$3
	shift 3
	curl -s -o "$T/b" -w '%{http_code}' -c "$j" -H 'Content-Type: application/json' \
	    -d "{\"name\":\"$n\",\"password\":\"$p\"}" "$@" "$URL/console/api/login"
}
ok "the D1 supervisor logs in" test "$(login sup1 "$PW" "$T/j1")" = 200
CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$T/b")
ok "the city account logs in" test "$(login city1 "$PW" "$T/jc")" = 200
PHOTO=$(curl -s -b "$T/j1" "$URL/console/api/record?id=$R1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["record"]["photos"][0]["hash"])')
ok "the D1 inspection names a photo" test -n "$PHOTO"

# The checker: status, code, exact words, and no English word in a Chinese
# answer but those of the request (its path, parameters and body) and the
# parameters' names and values.
cat >"$T/check.py" <<'PY'
import json, re, sys
body, got, status, code, want, lang, request = sys.argv[1:8]
ALLOW = {"CSRF", "limit", "offset", "state", "age", "open", "rectified", "superseded",
         "reinspected", "what", "format", "records", "hazards", "overdue", "csv", "xlsx",
         "CSV", "XLSX", "gas", "selfbuilt", "rural", "accepted", "returned", "GET", "POST",
         "sup", "UTF", "xff",  # sup: this test's account names; xff: bytes written out
         # the words closed-set parameters take, listed by unknown_value:
         "stop", "major", "ordinary", "serious", "moderate", "slight", "some", "finding",
         "inspection", "visit", "followup", "correction", "household", "pending", "retrying",
         "delivered", "failed", "waiting", "hazard", "found", "house", "grade", "device",
         "silent", "fork", "zh", "en"}
try:
    j = json.load(open(body))
except ValueError:
    print("not JSON: %r" % open(body, "rb").read()[:200])
    sys.exit(1)
want = want.replace("{wait}", str(j.get("wait", "")))
if got != status:
    print("status %s, not %s: %s" % (got, status, j)); sys.exit(1)
if j.get("code") != code:
    print("code %r, not %r" % (j.get("code"), code)); sys.exit(1)
if j.get("error") != want:
    print("error %r, not %r" % (j.get("error"), want)); sys.exit(1)
if lang == "zh":
    mine = set(re.findall(r"[A-Za-z]+", request))
    foreign = [w for w in re.findall(r"[A-Za-z]{2,}", want) if w not in ALLOW and w not in mine]
    if foreign or not re.search("[\u4e00-\u9fff]", want):
        print("English in the Chinese answer: %r" % foreign); sys.exit(1)
PY

# errcase WHAT STATUS CODE ZH EN PATH [CURL ARGS...]: asked in Chinese, then in English.
errcase() {
	what=$1 st=$2 code=$3 zh=$4 en=$5 p=$6
	shift 6
	for l in zh en; do
		if [ "$l" = zh ]; then al=$ZH want=$zh; else al=$EN want=$en; fi
		got=$(curl -s -o "$T/b" -w '%{http_code}' -H "Accept-Language: $al" "$@" "$URL$p")
		if python3 "$T/check.py" "$T/b" "$got" "$st" "$code" "$want" "$l" "$p $*" \
		    >"$T/why" 2>&1; then
			pass "$what ($l): $st $want"
		else
			fail "$what ($l): $st $want" "$(cat "$T/why")"
		fi
	done
}

errcase "no session" 401 session "未登录或会话已结束。" \
    "Not logged in, or the session has ended." /console/api/me
ok "(a browser that names no language gets Chinese)" \
    test "$(curl -s -o "$T/b" -w '%{http_code}' "$URL/console/api/me")" = 401
contains "  (the same words)" "$T/b" "未登录或会话已结束。"
ok "(?lang=en wins over a Chinese browser)" test "$(curl -s -o "$T/b" -w '%{http_code}' \
    -H "Accept-Language: $ZH" "$URL/console/api/me?lang=en")" = 401
contains "  (in English)" "$T/b" "Not logged in, or the session has ended."

errcase "a login from a form" 403 login_page "请从控制台自己的登录页登录。" \
    "Log in from the console's own login page." /console/api/login -d "name=sup1&password=x"
errcase "a login without a password" 400 login_fields "请填写账号名和密码。" \
    "Give an account name and a password." /console/api/login \
    -H 'Content-Type: application/json' -d '{"name":"sup1"}'
errcase "a wrong password" 401 login_wrong "账号或密码错误。" \
    "Wrong account name or password." /console/api/login \
    -H 'Content-Type: application/json' -d '{"name":"sup1","password":"wrong password!"}'
for i in 1 2 3 4 5; do login locky "wrong password $i" "$T/jl" >/dev/null; done
errcase "a sixth failed login in a row" 429 login_locked "登录失败次数过多，请 {wait} 秒后再试。" \
    "Too many failed logins; try again in {wait} seconds." /console/api/login \
    -H 'Content-Type: application/json' -d '{"name":"locky","password":"wrong again"}'

errcase "logout without the CSRF token" 403 csrf "请求缺少页面的防伪令牌（CSRF），请刷新页面。" \
    "The request lacks the page's CSRF token; reload the page." /console/api/logout \
    -X POST -b "$T/j1"
errcase "another district's records" 403 district "账号 sup1 无权查看辖区 D2（其辖区：D1）。" \
    "Account sup1 may not see district D2 (its districts: D1)." \
    "/console/api/records?district=D2" -b "$T/j1"
errcase "another district's record by id" 403 district "账号 sup1 无权查看辖区 D2（其辖区：D1）。" \
    "Account sup1 may not see district D2 (its districts: D1)." \
    "/console/api/record?id=$R3" -b "$T/j1"
errcase "another district's export" 403 district "账号 sup1 无权查看辖区 D2（其辖区：D1）。" \
    "Account sup1 may not see district D2 (its districts: D1)." \
    "/console/api/export?what=hazards&district=D2" -b "$T/j1"
errcase "a call that does not exist" 404 no_call "控制台没有这个调用：GET /console/api/nope。" \
    "No such console call: GET /console/api/nope." /console/api/nope -b "$T/j1"
errcase "a call with another method" 405 method "控制台调用 login 不接受 GET 请求。" \
    "The console call login does not take GET." /console/api/login
errcase "a page that does not exist" 404 no_page "控制台没有这个页面：/console/nope.html。" \
    "No such console page: /console/nope.html." /console/nope.html
errcase "a page posted to" 405 read_only "控制台的页面只能读取。" \
    "The console's pages are only read." /console/index.html -X POST -d x
# Refused before the console sees them (server/serve.c), in the same words and language.
head -c 5000 /dev/zero | tr '\0' x >"$T/big.json"
errcase "a console request with a body over the unsigned limit" 413 too_large \
    "请求超过服务器可接收的大小（最多 4096 字节）。" \
    "The request is larger than the server takes (4096 bytes at most)." /console/api/review \
    -b "$T/j1" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
    --data-binary @"$T/big.json"
MAXB=$(sed -n 's/^#define FC_REQUEST_MAX_BYTES (\([0-9 *]*\)).*/\1/p' "$FC_ROOT/sync/wire.h" |
    awk -F'*' '{ n = 1; for (i = 1; i <= NF; i++) n *= $i; print n }')
errcase "a console request declaring a body over the server's limit" 413 too_large \
    "请求超过服务器可接收的大小（最多 $MAXB 字节）。" \
    "The request is larger than the server takes ($MAXB bytes at most)." /console/api/review \
    -b "$T/j1" -H "X-CSRF-Token: $CSRF" -H "Content-Length: $((MAXB + 1))" -d x
errcase "a console request whose body is not its hash's" 400 body_hash \
    "请求正文与其 X-FC-Body-Hash 头不符。" \
    "The request's body does not match its X-FC-Body-Hash header." /console/api/logout \
    -b "$T/j1" -H "X-CSRF-Token: $CSRF" -H "X-FC-Body-Hash: $(printf '0%.0s' $(seq 64))" -d '{}'
errcase "a limit that is not a number" 400 page_args "条数（limit）和起点（offset）必须是非负整数。" \
    "Limit and offset are whole numbers." "/console/api/records?limit=ten" -b "$T/j1"
# Bytes that are not UTF-8, in any parameter of any call: refused by name, not
# a 500 (an answer's JSON and PostgreSQL take UTF-8 only), and the read is in
# the audit log with the bytes written out.
for q in "records?district=%FF" "record?id=%FF" "household?id=%C3" "records?type=%FF" \
    "households?q=%FF" "hazards?programme=%FF" "reviews?record=%FF" \
    "export?what=hazards&format=csv&district=%FF"; do
	n=${q#*\?}
	n=${n##*&}
	n=${n%%=*}
	errcase "a parameter that is not UTF-8 ($q)" 400 bad_text "参数 $n 不是 UTF-8 文本。" \
	    "The parameter $n is not UTF-8 text." "/console/api/$q" -b "$T/j1"
done
errcase "a parameter name that is not UTF-8" 400 bad_text '参数 x\xff 不是 UTF-8 文本。' \
    'The parameter x\xff is not UTF-8 text.' "/console/api/records?x%FF=1" -b "$T/j1"
errcase "a call whose name is not UTF-8" 404 no_call '控制台没有这个调用：GET /console/api/x\xff。' \
    'No such console call: GET /console/api/x\xff.' "/console/api/x%FF" -b "$T/j1"
errcase "a page whose name is not UTF-8" 404 no_page '控制台没有这个页面：/console/\xff.html。' \
    'No such console page: /console/\xff.html.' "/console/%FF.html"
"$FCS" --db "$DB" audit --since 2000-01-01 >"$T/audit-utf8" 2>&1
contains "  the refused reads are in the audit log" "$T/audit-utf8" 'record?id=\xff'
# Every parameter that takes a fixed set of words refuses any other alike:
# 400 unknown_value naming the parameter and the words it takes.
# unknown CALL NAME VALUE WORDS
unknown() {
	errcase "$1's $2 that does not exist" 400 unknown_value "参数 $2 的值“$3”无法识别：可取 $4。" \
	    "The $2 '$3' is not known: it is one of $4." "/console/api/$1" -b "$T/j1"
}
unknown "hazards?state=lost" state lost "open, rectified, superseded, reinspected"
unknown "hazards?age=4" age 4 "0, 1, 2, 3"
unknown "hazards?severity=bogus" severity bogus \
    "stop, major, ordinary, serious, moderate, slight, some, finding"
unknown "hazards?programme=fire" programme fire "gas, rural, selfbuilt"
unknown "records?type=bogus" type bogus "inspection, visit, followup, correction, household"
unknown "reviews?state=bogus" state bogus "accepted, returned, waiting"
unknown "warnings?rule=bogus" rule bogus \
    "hazard_found, hazard_overdue, house_grade, household_overdue, device_silent, fork"
unknown "warnings?state=bogus" state bogus "pending, retrying, delivered, failed"
unknown "export?what=photos" what photos "records, hazards, overdue"
unknown "export?what=hazards&format=pdf" format pdf "csv, xlsx"
unknown "export?what=hazards&programme=fire" programme fire "gas, rural, selfbuilt"
unknown "export?what=records&programme=fire" programme fire "gas, rural, selfbuilt"
unknown "export?what=overdue&codes=yes" codes yes "0, 1"
unknown "export?what=overdue&lang=fr" lang fr "zh, en"
errcase "an export that names nothing to export" 400 unknown_value \
    "参数 what 的值“”无法识别：可取 records, hazards, overdue。" \
    "The what '' is not known: it is one of records, hazards, overdue." \
    "/console/api/export" -b "$T/j1"
errcase "a hazards limit that is not a number" 400 page_args \
    "条数（limit）和起点（offset）必须是非负整数。" "Limit and offset are whole numbers." \
    "/console/api/hazards?limit=-1" -b "$T/j1"
# Each word the refusals name is taken (the page's "retrying" too).
for q in "hazards?state=open&age=3&severity=finding&programme=rural" \
    "records?type=household" "reviews?state=waiting" "warnings?state=retrying&rule=fork"; do
	ok "  $q is taken" test "$(curl -s -o "$T/b" -w '%{http_code}' -b "$T/j1" \
	    "$URL/console/api/$q")" = 200
done
# A checklist the city adds brings its own programme and severities: the
# filters take them once the server holds it (tests/data/checklists/
# manhole.json: programme manhole, severities urgent and repair).
unknown "hazards?severity=urgent" severity urgent \
    "stop, major, ordinary, serious, moderate, slight, some, finding"
"$FCS" --db "$DB" templates add "$FC_ROOT/tests/data/checklists/manhole.json" >/dev/null 2>&1 ||
    fail "the manhole checklist is added"
ok "  a severity of a checklist added later is taken" test "$(curl -s -o "$T/b" -w '%{http_code}' \
    -b "$T/j1" "$URL/console/api/hazards?severity=urgent")" = 200
ok "  and so is its programme" test "$(curl -s -o "$T/b" -w '%{http_code}' \
    -b "$T/j1" "$URL/console/api/hazards?programme=manhole")" = 200
ok "  and the refusal lists it" sh -c "curl -s -b '$T/j1' -H 'Accept-Language: en' \
    '$URL/console/api/hazards?programme=fire' | grep -qF 'one of gas, rural, selfbuilt, manhole.'"
# A search word longer than the store's pattern takes is matched whole, not
# its start alone; one cut inside a character would not be text (PostgreSQL).
nfound() {
	curl -s -G -b "$T/j1" --data-urlencode "q=$1" "$URL/console/api/households" |
	    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["households"]))'
}
ok "a search for 300 '_' does not find an address of 255" \
    test "$(nfound "$(printf '_%.0s' $(seq 300))")" = 0
ok "  a search for 255 '_' does" test "$(nfound "$(printf '_%.0s' $(seq 255))")" = 1
ok "a search for a long word of Chinese characters answers (none found)" \
    test "$(nfound "a$(printf '新%.0s' $(seq 200)) 王芳")" = 0
ok "  a search for a shorter one too" test "$(nfound "新华路1号 王")" = 1
errcase "an empty household search" 400 search_empty "请输入要查找的编号、地址、住户姓名或电话。" \
    "Give an id, address, resident or phone to search for." "/console/api/households?q=" \
    -b "$T/j1"
errcase "a record that does not exist" 404 no_record "没有记录 nope-1。" "No record nope-1." \
    "/console/api/record?id=nope-1" -b "$T/j1"
errcase "a household that does not exist" 404 no_household "没有住户 H9。" "No household H9." \
    "/console/api/household?id=H9" -b "$T/j1"
errcase "a photo by something not a hash" 404 no_photo "没有这张照片。" "No such photo." \
    "/console/api/photo/abc?record=$R1" -b "$T/j1"
errcase "a photo the record does not name" 403 photo_not_named "记录 $R2 中没有这张照片。" \
    "Record $R2 names no such photo." "/console/api/photo/$PHOTO?record=$R2" -b "$T/j1"
errcase "the notice of a clean inspection" 404 no_notice \
    "记录 $R2 未发现隐患，也不是到访不遇：不出具通知书。" \
    "Record $R2 found no hazard and is not a nobody-home visit: it gives no notice." \
    "/console/api/notice?id=$R2" -b "$T/j1"
errcase "a review without a state" 400 review_fields \
    "请给出记录和审核结果（accepted 通过或 returned 退回），退回时还须填写意见。" \
    "Give the record, the state (accepted or returned) and, for a return, a comment." \
    /console/api/review -b "$T/j1" -H "X-CSRF-Token: $CSRF" -d "{\"record\":\"$R1\"}"
errcase "a return without a comment" 400 review_rules \
    "审核或通过记录，或退回记录并附意见说明须更正什么（意见不超过 2000 字节）。" \
    "A review accepts a record, or returns it with a comment saying what to correct (at most 2000 bytes)." \
    /console/api/review -b "$T/j1" -H "X-CSRF-Token: $CSRF" \
    -d "{\"record\":\"$R1\",\"state\":\"returned\",\"comment\":\" \"}"
errcase "a review of a record that does not exist" 404 no_record "没有记录 nope-2。" \
    "No record nope-2." /console/api/review -b "$T/j1" -H "X-CSRF-Token: $CSRF" \
    -d '{"record":"nope-2","state":"accepted"}'
errcase "a review of another district's record" 403 review_district \
    "记录 $R3 不在您的辖区（D1）内。" "Record $R3 is outside your districts (D1)." \
    /console/api/review -b "$T/j1" -H "X-CSRF-Token: $CSRF" \
    -d "{\"record\":\"$R3\",\"state\":\"accepted\"}"
# The same review sent twice (a form sent again) is the one kept, not a second.
rv() {
	curl -s -b "$T/j1" -H "X-CSRF-Token: $CSRF" -d "{\"record\":\"$1\",\"state\":\"$2\"}" \
	    "$URL/console/api/review" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
ok "the same review twice answers the review kept the first time" \
    test "$(rv "$R2" accepted)" = "$(rv "$R2" accepted)"
ok "  and the record has one review" test "$(curl -s -b "$T/j1" \
    "$URL/console/api/reviews?record=$R2" | python3 -c \
    'import json,sys; print(len(json.load(sys.stdin)["reviews"]))')" = 1
# A version already corrected: its inspector's device asks for no correction of it.
C2=$(echo "$PIN" | FIELDCHECK_HOME="$A" "$FC" record --corrects "$R2" \
    --answers "$ANS/gas-clean.json" --pin-stdin)
expect_exit 0 "a correction of the D1 record is synced" dsync "$A"
errcase "a review of a version already corrected" 409 review_superseded \
    "记录 $R2 已由 $C2 更正：请审核当前版本。" \
    "Record $R2 has been corrected by $C2: review the current version." \
    /console/api/review -b "$T/j1" -H "X-CSRF-Token: $CSRF" \
    -d "{\"record\":\"$R2\",\"state\":\"returned\",\"comment\":\"again\"}"
ok "  the current version is reviewed" test -n "$(rv "$C2" accepted)"
errcase "a CSV export of every programme" 400 export_csv_one \
    "一个 CSV 文件只能包含一个项目：请选择 gas、selfbuilt 或 rural，或导出 XLSX（每个项目一张工作表）。" \
    "A CSV file holds one programme: choose gas, selfbuilt or rural, or export XLSX for a sheet each." \
    "/console/api/export?what=records&format=csv" -b "$T/j1"
# The server writes an export to its TMPDIR first: without it the export fails.
rmdir "$T/tmp"
errcase "an export the server cannot write" 500 export_failed \
    "服务器未能写出导出文件，原因见服务器日志。" \
    "The server could not write the export; its log says why." \
    "/console/api/export?what=hazards&format=csv" -b "$T/j1"
contains "  and the server's log says why" "$T/server.log" "export: "
mkdir "$T/tmp"
ok "with its TMPDIR back the export works" test "$(curl -s -o "$T/x.csv" -w '%{http_code}' \
    -b "$T/j1" "$URL/console/api/export?what=hazards&format=csv")" = 200
# The photo file gone from the server (not yet uploaded, or lost).
if [ -f "$SERVER_PHOTOS/$PHOTO" ]; then
	mv "$SERVER_PHOTOS/$PHOTO" "$T/photo"
	errcase "a photo not on the server" 404 photo_missing "这张照片尚未传到服务器。" \
	    "The photo has not reached the server yet." "/console/api/photo/$PHOTO?record=$R1" \
	    -b "$T/j1"
	mv "$T/photo" "$SERVER_PHOTOS/$PHOTO"
else
	fail "the photo reached the server" "no $SERVER_PHOTOS/$PHOTO"
fi

# Busy: another process holds the store's lock while a logout would delete
# its session. SQLite gives up after its 30 s busy wait, PostgreSQL (whose
# lock stops the session's lookup already) after the lock_timeout set above.
mkfifo "$T/lockin"
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	psql -q -X -A -t "$PG_URI" <"$T/lockin" >"$T/lockout" 2>&1 &
	LOCK_SQL="BEGIN; LOCK TABLE console_sessions IN ACCESS EXCLUSIVE MODE; SELECT 'locked';"
else
	sqlite3 "$DB" <"$T/lockin" >"$T/lockout" 2>&1 &
	LOCK_SQL="BEGIN EXCLUSIVE; SELECT 'locked';"
fi
LOCK_PID=$!
exec 3>"$T/lockin"
echo "$LOCK_SQL" >&3
i=0
while ! grep -q locked "$T/lockout" && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
contains "another process holds the store's lock" "$T/lockout" locked
for l in zh en; do
	if [ "$l" = zh ]; then al=$ZH; else al=$EN; fi
	curl -s -o "$T/busy-$l" -w '%{http_code}' -H "Accept-Language: $al" -b "$T/j1" \
	    -X POST -H "X-CSRF-Token: $CSRF" "$URL/console/api/logout" >"$T/busy-$l.st" &
	eval "BUSY_$l=\$!"
done
# shellcheck disable=SC2154
wait "$BUSY_zh" "$BUSY_en"
echo "COMMIT;" >&3
exec 3>&-
wait "$LOCK_PID"
for l in zh en; do
	if [ "$l" = zh ]; then want="服务器繁忙，请一分钟后再试。"; else
		want="The server is busy; try again in a minute."; fi
	if python3 "$T/check.py" "$T/busy-$l" "$(cat "$T/busy-$l.st")" 503 busy "$want" "$l" \
	    /console/api/logout >"$T/why" 2>&1; then
		pass "the store busy ($l): 503 $want"
	else
		fail "the store busy ($l): 503 $want" "$(cat "$T/why")"
	fi
done
ok "with the lock gone the session goes on" \
    test "$(curl -s -o "$T/b" -w '%{http_code}' -b "$T/j1" "$URL/console/api/me")" = 200

# The language is the request's, whatever the one before it asked for.
n=0 pids=""
for i in 1 2 3 4 5 6; do
	for l in zh en; do
		if [ "$l" = zh ]; then al=$ZH; else al=$EN; fi
		curl -s -H "Accept-Language: $al" -b "$T/j1" \
		    "$URL/console/api/records?district=D2" >"$T/alt-$l-$i" &
		pids="$pids $!"
	done
done
# shellcheck disable=SC2086
wait $pids
for i in 1 2 3 4 5 6; do
	grep -q "无权查看辖区 D2" "$T/alt-zh-$i" && n=$((n + 1))
	grep -q "may not see district D2" "$T/alt-en-$i" && n=$((n + 1))
done
ok "twelve answers at once, Chinese and English mixed, each in its own language" test "$n" = 12

# Failures of the store under the server: a record whose stored body no longer
# parses (changed behind the server's back), a table the server reads gone,
# and on PostgreSQL the database server stopped. Each is a 500 in the
# request's words, and the server's log says what failed.
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	pg_sql "UPDATE records SET body = '\\x7b'::bytea WHERE record_id = '$R3'" >/dev/null
else
	sqlite3 "$DB" "UPDATE records SET body = CAST('{' AS BLOB) WHERE record_id = '$R3'"
fi
errcase "the notice of a record whose body no longer parses" 500 record_unreadable \
    "服务器无法读取记录 $R3，原因见服务器日志。" \
    "Record $R3 cannot be read on the server; its log says why." \
    "/console/api/notice?id=$R3" -b "$T/jc"
contains "  and the server's log says why" "$T/server.log" "record $R3:"
store_sql() {
	if [ "${FC_TEST_DB:-sqlite}" = pg ]; then pg_sql "$1" >/dev/null; else sqlite3 "$DB" "$1"; fi
}
store_sql "ALTER TABLE aggregates RENAME TO aggregates_away"
errcase "the overview with its counters' table gone" 500 store \
    "服务器无法读取其数据库，原因见服务器日志。" \
    "The server could not read its store; its log says why." /console/api/overview -b "$T/jc"
contains "  and the server's log says why" "$T/server.log" "aggregates"
store_sql "ALTER TABLE aggregates_away RENAME TO aggregates"
ok "with the table back the overview answers" test "$(curl -s -o "$T/b" -w '%{http_code}' \
    -b "$T/jc" "$URL/console/api/overview")" = 200
if [ "${FC_TEST_DB:-sqlite}" = pg ]; then
	$PG_AS "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1
	errcase "any call with PostgreSQL stopped" 500 store \
	    "服务器无法读取其数据库，原因见服务器日志。" \
	    "The server could not read its store; its log says why." /console/api/overview \
	    -b "$T/jc"
fi

stop_server
