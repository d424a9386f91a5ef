#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Lists every place where SQL decides what the records mean (docs/ledger.md:
# core/ decides, SQL stores and selects): an overdue interval, a hazard-closing outcome or a
# correction rule in an SQL string (C string literals; .sql files without
# their comments), and ledger logic in the code of a server backend file
# (server/store/sqlite.c, pg*.c), which holds SQL and row mapping only.
# Prints "FILE:LINE: what: text" per finding and exits 1 when there is any.
#
#   sql-rules.py [--backend] FILE...   --backend: the files after it hold SQL and
#                                      row mapping only (server backends, reports)
import re
import sys

SQL_RULES = [
    ("an interval", r"\binterval\b|julianday|\bdate\s*\(|add_months|\d+\s*(month|day|year)s?\b"
     r"|[+-]\s*'?\s*\d+\s*(month|day|year)"),
    ("a kind-based rule", r"'(residential|catering|business|selfbuilt|rural)'|case\s+[\w.]*kind\b"),
    ("a hazard-closing outcome", r"update\s+hazards|set\s+(status|closed_by)\b"
     r"|outcome\s*(=|<>|!=|in)\s*\(?\s*'(rectified|not_rectified|pass|closed|stop)'"
     r"|'(pass|closed)'"),
    ("a correction rule", r"correct"),
]
# A C string literal is SQL when it holds an upper-case SQL word (messages are lower case).
SQL_WORD = (r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|VALUES|CASE|WHEN|THEN|ELSE|END|JOIN|"
            r"GROUP BY|ORDER BY|AND|OR|IN|SET|CREATE|ALTER|DROP|PRAGMA|BEGIN|LIMIT|DISTINCT)\b")
CODE_RULES = [
    ("ledger logic in a backend", r"\bFC_(TYPE|RESULT|HAZARD|KIND)_\w+|fc_date_\w+|fc_due_\w+"
     r"|fc_ledger_\w+|strcmp\s*\([^;]*(outcome|type|kind|status)\b|\"(rectified|pass|closed)\""),
    ("a cutoff computed for SQL", r"years_back|fc_sstore_day\s*\([^,]*,\s*\d+"),
]


def strip_c(text):
    """(code without comments and strings, [(line, string literal)])."""
    code, strings, i, line = [], [], 0, 1
    while i < len(text):
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = len(text) if j < 0 else j + 2
            line += text.count("\n", i, j)
            code.append("\n" * text.count("\n", i, j))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = len(text) if j < 0 else j
        elif c == '"' or c == "'":
            j, start = i + 1, line
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            if c == '"':
                strings.append((start, text[i + 1:j]))
            code.append(c + c)
            i = j + 1
        else:
            line += c == "\n"
            code.append(c)
            i += 1
    return "".join(code), strings


def check(path, backend, out):
    text = open(path, encoding="utf-8").read()
    if path.endswith(".sql"):
        strings = [(n + 1, l.split("--")[0]) for n, l in enumerate(text.split("\n"))]
        code = ""
    else:
        code, strings = strip_c(text)
        strings = [(n, s) for n, s in strings if re.search(SQL_WORD, s)]
    for what, rx in SQL_RULES:
        for line, s in strings:
            if re.search(rx, s, re.I):
                out.append("%s:%d: %s: %s" % (path, line, what, s.strip()))
    if backend:
        for n, l in enumerate(code.split("\n")):
            for what, rx in CODE_RULES:
                if re.search(rx, l):
                    out.append("%s:%d: %s: %s" % (path, n + 1, what, l.strip()))


def main(argv):
    backend, out = False, []
    for a in argv[1:]:
        if a == "--backend":
            backend = True
            continue
        check(a, backend, out)
    for o in out:
        print(o)
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
