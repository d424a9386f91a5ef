#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The administrator's whole command line speaks their language (gettext,
# po/zh_CN.po): with LANGUAGE=zh_CN, --help and each command's usage lines
# are Chinese, the columns lined up by screen width, with command names,
# options and literal values (supervisor, csv) as typed; so are the errors
# and reports of the commands and the store's own words (no such record, a
# store that will not open or connect). Without LANGUAGE all of it is the
# English it was. --json output stays as scripts read it. Refusals a device
# receives follow the device's language instead: tests/sync/server-lang.sh.
# Both backends (FC_TEST_DB=pg).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

# zh CODE DESCRIPTION COMMAND...: run in Chinese; stdout and stderr together in $T/all.
zh() {
	_want=$1 _what=$2
	shift 2
	expect_exit "$_want" "$_what" env LANGUAGE=zh_CN "$@"
	cat "$T/out" "$T/err" >"$T/all"
}
# en CODE DESCRIPTION COMMAND...: the same with no language named.
en() {
	_want=$1 _what=$2
	shift 2
	expect_exit "$_want" "$_what" "$@"
	cat "$T/out" "$T/err" >"$T/all"
}

cat >"$T/hh.csv" <<'CSV'
id,district,address,resident,phone,kind,last_check
H1,D1,新华路1号,王芳,13800000001,residential,
H2,D2,和平街4号,周杰,13800000004,residential,
CSV
"$FCS" --db "$DB" households import "$T/hh.csv" >/dev/null

# --help
zh 0 "--help in Chinese" "$FCS" --help
contains "  says how to use the program" "$T/out" "用法：fieldcheck-server [--config 文件] [--db 文件] 命令 [参数]"
contains "  heads the commands" "$T/out" "命令："
contains "  with each summary at its column, Chinese counted two wide" "$T/out" \
    "  households import 文件.csv             添加或更新住户名册"
contains "  a further line of a summary under it" "$T/out" \
    "                                         作废其待用的登记码"
contains "  option names and literal values as typed" "$T/out" \
    "  user add 账号 --role supervisor --districts 辖区1[,辖区2] | --role city [--password-stdin]"
contains "  the settings and --db explained too" "$T/out" "--db 文件：默认为 \$FIELDCHECK_SERVER_DB"
ok "  and no English summary left" sh -c "! grep -q 'add or update the household registry' '$T/out'"
en 0 "--help in English without LANGUAGE" "$FCS" --help
contains "  says how to use the program" "$T/out" "usage: fieldcheck-server [--config FILE] [--db FILE] COMMAND [ARGS]"
contains "  with the same columns" "$T/out" \
    "  households import FILE.csv             add or update the household registry"
zh 0 "-h as well" "$FCS" -h
contains "  in Chinese" "$T/out" "命令："

# Bad usage: the error, then that command's own lines of the usage.
zh 2 "revoke with nothing to revoke is bad usage (Chinese)" "$FCS" --db "$DB" revoke
contains "  followed by the usage" "$T/err" "用法："
contains "  its lines, both of them" "$T/err" "  revoke --inspector 编号                拒绝某检查员的所有设备，"
contains "  the second" "$T/err" "  revoke --device 编号                   拒绝一台设备（如丢失的手持机）"
contains "  and where the rest is" "$T/err" "“fieldcheck-server --help”列出全部命令和选项。"
en 2 "  and in English without LANGUAGE" "$FCS" --db "$DB" revoke
contains "  its lines" "$T/err" "  revoke --device ID                     refuse one device (a lost handheld)"
contains "  and where the rest is" "$T/err" "'fieldcheck-server --help' lists every command and option."
zh 2 "backup without a folder is bad usage (Chinese)" "$FCS" --db "$DB" backup
contains "  with backup's lines" "$T/err" "  backup 目录 [--keep N]                 把运行中的存储复制到目录并加以检查"
contains "  to the last" "$T/err" "                                         保留最新的 N 份"
zh 2 "warnings without a verb is bad usage (Chinese)" "$FCS" --db "$DB" warnings
contains "  with every warnings line" "$T/err" "  warnings list [--state 状态] [--json]  预警及其发送情况"
contains "  a long one with its summary below" "$T/err" "  warnings redeliver 编号 [--receiver 接收方]"
zh 2 "an export in a format there is not is bad usage (Chinese)" \
    "$FCS" --db "$DB" export records --format pdf
contains "  saying so" "$T/err" "export：--format 只能是 csv 或 xlsx"
contains "  with export's further line under its name" "$T/err" \
    "         [--codes] [--lang zh|en] [--district 辖区[,辖区]] [--as 账号]"
en 2 "  and in English without LANGUAGE" "$FCS" --db "$DB" export records --format pdf
contains "  the same line" "$T/err" "         [--codes] [--lang zh|en] [--district D[,D]] [--as ACCOUNT]"
zh 2 "serve with a --listen that is no address is bad usage (Chinese)" \
    "$FCS" --db "$DB" serve --listen nowhere
contains "  saying what it wants" "$T/err" "--listen nowhere：应为 地址:端口"
contains "  with serve's lines" "$T/err" "        [--per-ip-limit N]               每个地址可占用的连接数（64；0 为不限）"
en 2 "  and in English without LANGUAGE" "$FCS" --db "$DB" serve --listen nowhere
contains "  saying the same" "$T/err" "--listen nowhere: expected ADDR:PORT"

# The commands' errors, the store's among them.
zh 2 "a review that is neither accepted nor returned is refused (Chinese)" \
    "$FCS" --db "$DB" review R1 maybe
contains "  naming the two" "$T/err" "审核结果只能是“accepted”或“returned”，不能是“maybe”"
zh 1 "a review of a record the server has not is refused (Chinese)" \
    "$FCS" --db "$DB" review R1 accepted
contains "  naming it" "$T/err" "服务器上没有记录 R1"
en 1 "  and in English without LANGUAGE" "$FCS" --db "$DB" review R1 accepted
contains "  naming it" "$T/err" "no record R1 on the server"
zh 1 "disabling a console account nobody made is refused (Chinese)" \
    "$FCS" --db "$DB" user disable nobody
contains "  naming it" "$T/err" "没有控制台账号 nobody"
zh 2 "a console account of a role there is not is refused (Chinese)" \
    "$FCS" --db "$DB" user add eve --role boss
contains "  naming the roles as typed" "$T/err" "--role 只能是 supervisor 或 city，不能是“boss”"
zh 1 "lifting the revocation of an inspector nobody enrolled is refused (Chinese)" \
    "$FCS" --db "$DB" unrevoke --inspector nobody
contains "  naming them" "$T/err" "没有检查员 nobody"
zh 1 "revoking a device never enrolled is refused (Chinese)" \
    "$FCS" --db "$DB" revoke --device 0badc0de
contains "  naming it" "$T/err" "从未登记过设备 0badc0de"
zh 1 "sending again a warning that has no delivery is refused (Chinese)" \
    "$FCS" --db "$DB" warnings redeliver 99999
contains "  naming it" "$T/err" "预警 99999 没有任何发送记录"
en 1 "  and in English without LANGUAGE" "$FCS" --db "$DB" warnings redeliver 99999
contains "  naming it" "$T/err" "warning 99999 has no delivery"
V1="$FC_ROOT/tests/data/checklists/manhole.json"
"$FCS" --db "$DB" templates add "$V1" 2>/dev/null
zh 1 "a checklist version the server holds already is refused (Chinese)" \
    "$FCS" --db "$DB" templates add "$V1"
contains "  saying to raise it" "$T/err" "已在服务器上；请提高其版本号"
zh 1 "a SQLite store that cannot be opened is said in Chinese" \
    "$FCS" --db "$T/no/such/folder/x.db" status
contains "  naming it" "$T/err" "$T/no/such/folder/x.db：无法打开服务器存储："
en 1 "  and in English without LANGUAGE" "$FCS" --db "$T/no/such/folder/x.db" status
contains "  naming it" "$T/err" "$T/no/such/folder/x.db: cannot open the server store: "
# Port 1 on the loopback: nothing listens, the connection is refused at once.
zh 1 "a PostgreSQL store that refuses the connection is said in Chinese" \
    "$FCS" --db postgresql://fc@127.0.0.1:1/fc status
if grep -q libpq5 "$T/err"; then
	echo "ok - with the connection's words # skip: libpq is not installed ($(head -n 1 "$T/err"))"
else
	contains "  with the connection's words" "$T/err" "fieldcheck-server: 无法连接 PostgreSQL 存储："
	en 1 "  and in English without LANGUAGE" "$FCS" --db postgresql://fc@127.0.0.1:1/fc status
	contains "  the same" "$T/err" "fieldcheck-server: cannot connect to the PostgreSQL store: "
fi

# Reports: the words for a person; --json as scripts read it.
zh 0 "status reports in Chinese" "$FCS" --db "$DB" status
contains "  what the store holds" "$T/out" "住户 2"
ok "  its key named too" grep -q '^服务器公钥 [0-9a-f]\{64\}$' "$T/out"
en 0 "  and in English without LANGUAGE" "$FCS" --db "$DB" status
contains "  the same" "$T/out" "households 2"
zh 0 "status --json stays as scripts read it" "$FCS" --db "$DB" status --json
contains "  under LANGUAGE=zh_CN too" "$T/out" '"households":2'
zh 0 "rebuild-aggregates reports in Chinese" "$FCS" --db "$DB" rebuild-aggregates --check
contains "  how many households it counted" "$T/out" "已重新统计 2 户"
"$FCS" --db "$DB" enroll --inspector ana --name Ana --district D1 >/dev/null 2>&1
zh 0 "inspectors list heads its columns in Chinese" "$FCS" --db "$DB" inspectors list
contains "  lined up by screen width" "$T/out" "检查员  姓名  辖区  角色    状态  设备数  记录  最近同步  待用登记码"
contains "  names and ids as they are, every word in Chinese, the role too" "$T/out" \
    "ana     Ana   D1    检查员  正常  0       0     从未      1"
en 0 "  and in English without LANGUAGE" "$FCS" --db "$DB" inspectors list
contains "  the same columns" "$T/out" "inspector  name  district  role       status  devices"
contains "  and words" "$T/out" "ana        Ana   D1        inspector  active  0        0        never      1"
zh 0 "codes cancel reports in Chinese" "$FCS" --db "$DB" codes cancel --inspector ana
contains "  which code it cancelled" "$T/out" "已取消登记码"
"$FCS" --db "$DB" revoke --inspector ana 2>/dev/null
zh 0 "a revoked inspector is listed so in Chinese" "$FCS" --db "$DB" inspectors list
ok "  with when" grep -q '^ana .* 已吊销 [0-9-]* [0-9:]* UTC ' "$T/out"
zh 0 "inspectors list --json stays as scripts read it" "$FCS" --db "$DB" inspectors list --json
contains "  under LANGUAGE=zh_CN too" "$T/out" '"inspector":"ana","name":"Ana","district":"D1","role":"inspector"'
printf 'correct horse battery\n' | "$FCS" --db "$DB" user add boss --role city --password-stdin 2>/dev/null
printf 'correct horse battery\n' | "$FCS" --db "$DB" user add sup1 --role supervisor \
    --districts D1 --password-stdin 2>/dev/null
zh 0 "user list in Chinese" "$FCS" --db "$DB" user list
contains "  a city account's role in Chinese" "$T/out" "boss  市级  *     正常"
contains "  a supervisor's too" "$T/out" "sup1  主管  D1    正常"
zh 0 "user list --json stays as scripts read it" "$FCS" --db "$DB" user list --json
contains "  under LANGUAGE=zh_CN too" "$T/out" '"role":"city"'
zh 0 "enroll says the role in Chinese" "$FCS" --db "$DB" enroll --inspector bo --name Bo \
    --district D1 --role supervisor
contains "  主管" "$T/err" "主管 bo（Bo，辖区 D1）的登记码"
zh 0 "audit --csv keeps its header, a file format" "$FCS" --db "$DB" audit --csv
contains "  in English" "$T/out" "time,actor,action,detail,origin"
contains "  and its entries as logged" "$T/out" "enrolment code"
# A PostgreSQL store is copied by pg_dump (tests/pg/backup.sh).
if [ "${FC_TEST_DB:-sqlite}" = sqlite ] || command -v pg_dump >/dev/null; then
	mkdir -m 0700 "$T/backups"
	zh 0 "backup reports in Chinese" "$FCS" --db "$DB" backup "$T/backups"
	contains "  where the copy went" "$T/out" "已备份到 $T/backups/"
else
	echo "ok - backup reports in Chinese # skip: no pg_dump to copy a PostgreSQL store"
fi
