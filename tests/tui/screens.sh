#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The screens around the checklist: "terminal too small" below 40x15 and a
# live resize out of it; the PIN screen counting wrong PINs and switching
# language (the right PIN typed in full-width digits opens it); nobody-home and entry-refused visits in two keys; the records
# list with its unsynced marks; a record's verification state; a hazard
# follow-up that closes the hazard on the home screen; the help screen.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

tui_households
# A record with one hazard (G30), made through the command line.
cat >"$T/answers.json" <<'JSON'
{"G00": "inspected", "G01": "residential", "G02": "piped_ng", "G03": "low",
 "G04": "kitchen", "G05": "no", "G06": "yes", "G07": "no", "G10": "yes", "G11": "no",
 "G12": 2020, "G13": "none", "G14": "no", "G15": "no", "G16": "no", "G17": "no",
 "G18": "no", "G19": "yes", "G20": "yes", "G21": "yes", "G22": "yes", "G23": "rigid",
 "G30": "no", "G31": "yes", "G32": 2020, "G33": "none", "G37": "no", "G38": "yes",
 "G40": "none", "G41": ["detector"], "G70": "yes", "G71": "signed"}
JSON

tui_start 30 10
tui_expect "below 40x15 the screen says the terminal is too small" "终端太小"
tui_check_layout "the too-small message fits even a tiny pane"
tmx resize-window -t fc -x 40 -y 15
tui_expect "resizing to 40x15 shows the setup screen at once" "首次使用"
tui_setup "首次使用"
tui_wait "今日工作" >/dev/null || fail "home after setup"
# tui_setup set `config kdf 1:8` first: the screen seals the key at that cost.
if grep -q '"ops": 1' "$FIELDCHECK_HOME/key.json" && grep -q '"mem": 8388608' "$FIELDCHECK_HOME/key.json"; then
	pass "the set-up screen seals the key at the cost config kdf set"
else
	fail "the set-up screen seals the key at the cost config kdf set" "$(grep -o '"kdf"[^}]*' "$FIELDCHECK_HOME/key.json")"
fi
tui_keys q
sleep 0.3
tui_stop

printf '258036\n' | "$FC" record --template gas --household H003 --answers "$T/answers.json" \
    --pin-stdin >"$T/rec.out" 2>&1 || { fail "a record made with the command line"; cat "$T/rec.out"; }

tui_start 80 24
tui_wait "PIN" >/dev/null
tui_type 0000; tui_keys Enter
tui_expect "a wrong PIN is counted on the screen" "PIN 已连续错误 1 次"
tui_expect "with the tries left before a lockout" "再错 2 次将锁定"
tui_keys F12
tui_expect "F12 switches the PIN screen to English" "Wrong PIN 1 time(s) in a row; 2 more"
tui_keys F12
tui_wait "PIN 已连续错误" >/dev/null
# Typed by an input method left in full-width mode: the digits it shows
# (the right PIN was counted wrong towards the lockout).
tui_type "２５８０３６"; tui_keys Enter
tui_expect "the right PIN typed in full-width digits opens the home screen" "今日工作"
tui_screen >"$T/home.txt"
contains "the home screen counts the open hazard" "$T/home.txt" "未整改隐患              1"
contains "and the unsynced record" "$T/home.txt" "未同步记录              1"

tui_keys /
tui_wait "查找住户" >/dev/null
tui_type "光华路"
tui_wait "H004" >/dev/null
tui_keys Enter
tui_wait "13800000004" >/dev/null
tui_keys n
tui_expect "n asks what a nobody-home visit requires (G80)" "G80"
tui_keys n y
tui_wait "G88" >/dev/null
tui_type 1; tui_keys Enter
tui_wait "F10" >/dev/null
tui_keys F10
tui_wait "现在签名" >/dev/null
tui_keys y
tui_expect "y signs the visit" "已签名"
tui_expect "the visit is in the household's history" "无人在家"
tui_keys x
tui_wait "G84" >/dev/null
tui_type "不在"; tui_keys Enter y Enter
tui_wait "F10" >/dev/null
tui_keys F10
tui_wait "现在签名" >/dev/null
tui_keys y
tui_wait "拒绝入户 " >/dev/null
sleep 0.3
tui_screen | grep -c '走访' >"$T/visits.txt"
contains "x then the refusal items records a refused entry: two visits in the history" "$T/visits.txt" "2"
tui_keys '?'
tui_expect "? lists the household screen's keys" "帮助：按键"
tui_keys Escape
sleep 0.2
tui_keys Escape
sleep 0.2
tui_keys Escape
tui_wait "今日工作" >/dev/null

tui_keys r
tui_expect "r lists the records" "共 3 条记录，3 条未同步（*）"
tui_check_layout "the records list fits the pane"
tui_screen | grep -c '^ \*' >"$T/marks.txt"
contains "each unsynced record is marked with *" "$T/marks.txt" "3"
tui_keys End Enter
tui_expect "the oldest record opens with its verification state" "签名和哈希：已验证"
# The signed time as people read it, not the body's 2026-03-02T09:30:00+08:00.
tui_screen >"$T/record.txt"
ok "the record's time reads as a date and a time, with its zone" \
    grep -qE '时间 +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} ([+-][0-9]{2}:[0-9]{2}|UTC)$' "$T/record.txt"
tui_keys v
tui_expect "v verifies the chain up to it" "记录链：完整（已验证 3 条）"
tui_keys f
tui_expect "f opens the follow-up screen with each open hazard" "未标记"
# y on each open hazard (y moves down the list), then F10 and y to sign.
for _i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	tui_keys y
done
tui_expect "every hazard marked rectified" "未标记 0"
tui_keys F10
tui_wait "签署" >/dev/null
tui_keys y
tui_expect "the follow-up is signed" "已签名复查"
tui_keys Escape
sleep 0.2
tui_keys Escape
tui_wait "今日工作" >/dev/null
tui_screen >"$T/home2.txt"
contains "the rectified hazard is no longer open" "$T/home2.txt" "未整改隐患              0"
contains "four records now wait for sync" "$T/home2.txt" "未同步记录              4"
tui_keys /
tui_wait "查找住户" >/dev/null
tui_type "学院路"
tui_wait "H003" >/dev/null
tui_keys Enter
tui_wait "13800000003" >/dev/null
tui_has_line "with its hazard rectified, the household shows no open ones" " 历史记录"
tui_keys End f
tui_expect "f on a record whose hazards are all rectified says there is nothing to follow up" "这条记录没有需要复查的隐患"
tui_keys End c
tui_expect "c on the household's inspection opens its correction" "更正"
tui_expect "starting from its answers" "已答"
tui_keys F8
tui_wait "放弃这次未完成的检查" >/dev/null
tui_keys y
tui_expect "F8 then y discards the correction's draft" "未完成的检查已放弃"
tui_keys Escape
sleep 0.2
tui_keys Escape
tui_wait "今日工作" >/dev/null
tui_keys F12
tui_expect "F12, the one language key, switches the home screen to English" "Records not synced"
tui_keys s
tui_expect "sync without enrolment says what to do" "press e on the home screen to enrol"
tui_keys q
sleep 0.3
tui_stop
expect_exit 0 "all five records verify" "$FC" verify

# Last, because the lockout outlives the process: three wrong PINs lock the
# key (the screen is in English now: F12 above chose it, and it is kept).
tui_start 40 15
tui_wait "PIN" >/dev/null
for n in 1 2; do
	tui_type 9999; tui_keys Enter
	tui_wait "Wrong PIN $n time(s) in a row" >/dev/null
done
tui_type 9999; tui_keys Enter
tui_expect "after three wrong PINs the key is locked, with the seconds left" "Locked after 3 wrong PINs: try again"
tui_check_layout "the lockout message fits 40 columns"
tui_stop
tui_start 80 24
tui_expect "the lockout survives a restart" "Locked after 3 wrong PINs"
tui_stop
tui_check_stderr "no sanitizer report or error from any TUI run"
