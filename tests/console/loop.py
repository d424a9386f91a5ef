# SPDX-License-Identifier: Apache-2.0
"""Reviews and warnings in the console, in a real browser (tests/console/loop.sh).

usage: loop.py URL SHOTS, with FC_BUILD, FC_A (the D1 device's home), FC_R1
(its record with a major hazard), FC_R3 (a D2 record), FC_PIN, FC_DB, FC_T
(rules files warnings-5.json, warnings-1.json), FC_ANS and FC_PUBLIC (the
server's public_url) in the environment.
Accounts sup1 (D1) and city1 exist. Prints "ok - ..." / "not ok - ..." lines.
"""
import base64
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

PW = "correct horse battery"
URL, SHOTS = sys.argv[1:3]
E = os.environ
FC, FCS = os.path.join(E["FC_BUILD"], "fieldcheck"), os.path.join(E["FC_BUILD"], "fieldcheck-server")
R1, R3, DEV, T = E["FC_R1"], E["FC_R3"], E["FC_A"], E["FC_T"]
PUBLIC = E.get("FC_PUBLIC", URL)  # the server's public_url, where notices lead
COMMENT = "燃气表位置请复核"
failed = 0


def check(desc, cond, why=""):
    global failed
    if cond:
        print("ok - " + desc)
    else:
        failed += 1
        print("not ok - " + desc)
        if why:
            print("#   " + str(why).replace("\n", "\n#   "))
    return cond


def run(*args, home=None):
    env = dict(os.environ, FIELDCHECK_HOME=home) if home else os.environ
    return subprocess.run(args, input=E["FC_PIN"] + "\n", capture_output=True, text=True, env=env)


def device(*args):
    return run(FC, *args, home=DEV)


def warnings(verb, attempts):
    return run(FCS, "--db", E["FC_DB"], "warnings", verb, "--rules",
               os.path.join(T, "warnings-%d.json" % attempts))


def shot(b, name):
    path = os.path.join(SHOTS, name + ".png")
    b.screenshot(path)
    check("screenshot of %s (%s)" % (name, path), os.path.getsize(path) > 5000)


def page_is(b, name):
    return b.wait("document.getElementById('page').dataset.page === %r && "
                  "!document.getElementById('page').textContent.includes('…')" % name)


def go(b, hash_, name):
    # The same hash again fires no hashchange: the page is drawn anew all the same.
    b.eval("document.getElementById('page').dataset.page = '';"
           "if (location.hash === '#' + %r) window.dispatchEvent(new HashChangeEvent('hashchange'));"
           "else location.hash = %r" % (hash_, hash_))
    return page_is(b, name)


def text(b, sel):
    return b.eval("(document.querySelector(%r) || {}).textContent || ''" % sel)


def rows(b, sel):
    return b.eval("document.querySelectorAll(%r).length" % (sel + " tbody tr td:nth-child(2)"))


def login(b, name):
    b.eval("document.querySelector('#login [name=name]').value = %r;"
           "document.querySelector('#login [name=password]').value = %r;"
           "document.querySelector('#login button').click()" % (name, PW))
    return b.wait("!document.getElementById('nav').hidden")


def api(b, method, path, body=None):
    """Status and JSON of a call made by the page, with its CSRF token."""
    js = ("fetch('api/me').then(r => r.json()).then(me => fetch('api/%s', {method: %r, "
          "headers: {'X-CSRF-Token': me.csrf, 'Content-Type': 'application/json'}%s}))"
          ".then(async r => [r.status, await r.text()])"
          % (path, method, (", body: %r" % json.dumps(body)) if body is not None else ""))
    status, txt = b.eval(js)
    try:
        return status, json.loads(txt)
    except ValueError:
        return status, txt


def review_by_page(b):
    check("the record page has the review form", go(b, "record?id=" + R1, "record") and
          b.wait("document.getElementById('review-form') !== null"), text(b, "#page")[:300])
    b.eval("document.getElementById('review-return').click()")
    check("returning it without a comment is refused on the page",
          b.wait("document.getElementById('review-message').textContent.length > 0"))
    check("  and nothing was sent", api(b, "GET", "reviews")[1]["reviews"] == [])
    st, body = api(b, "POST", "review", {"record": R1, "state": "returned", "comment": " \u3000\n"})
    check("  nor taken by the server, even with a comment of spaces (400)", st == 400, (st, body))
    b.eval("document.querySelector('#review-form textarea').value = %r;"
           "document.getElementById('review-return').click()" % COMMENT)
    check("a return with a comment shows on the record at once",
          b.wait("document.querySelector('#record-reviews') && "
                 "document.querySelector('#record-reviews').textContent.includes(%r)" % COMMENT),
          text(b, "#review-panel"))
    check("  as returned, waiting for a correction, by sup1",
          all(w in text(b, "#record-reviews") for w in ("已退回", "待更正", "sup1")),
          text(b, "#record-reviews"))
    shot(b, "review-returned")
    check("the records list shows it returned",
          go(b, "records", "records") and "已退回" in text(b, "#records-table"),
          text(b, "#records-table"))
    check("so does the household's history",
          go(b, "household?id=H1", "household") and "已退回" in text(b, "#household-records"),
          text(b, "#household-records"))
    check("the reviews page lists it under 'waiting'",
          go(b, "reviews?state=waiting", "reviews") and rows(b, "#reviews-table") == 1 and
          COMMENT in text(b, "#reviews-table"), text(b, "#page")[:400])
    shot(b, "reviews")


def scoping(b):
    st, body = api(b, "POST", "review", {"record": R3, "state": "accepted"})
    check("a D1 supervisor reviewing a D2 record is refused (403)", st == 403, (st, body))
    check("  and nothing of D2 was signed", len(api(b, "GET", "reviews")[1]["reviews"]) == 1)
    st, _ = api(b, "POST", "review", {"record": "00000000-000001", "state": "accepted"})
    check("reviewing a record nobody filed answers 404", st == 404, st)
    st, _ = api(b, "POST", "review", {"record": R1, "state": "fine"})
    check("a state other than accepted or returned answers 400", st == 400, st)
    st = b.eval("fetch('api/review', {method: 'POST', body: '{}'}).then(r => r.status)")
    check("a review without the CSRF token is refused (403)", st == 403, st)
    check("the reviews of D2 by URL are refused",
          go(b, "reviews?district=D2", "reviews") and
          b.wait("document.getElementById('forbidden') !== null"), text(b, "#page"))
    check("the warnings of D2 by API answer 403",
          api(b, "GET", "warnings?district=D2")[0] == 403)
    check("an unknown delivery state answers 400",
          api(b, "GET", "warnings?state=lost")[0] == 400)


def device_answers(b):
    r = device("sync", "--pin-stdin")
    check("the inspector's next sync brings the return to the device",
          r.returncode == 0 and "1 returned" in r.stdout + r.stderr, r.stdout + r.stderr)
    r = device("show", R1)
    check("  which shows it on the record with the comment", COMMENT in r.stdout, r.stdout)
    r = device("record", "--corrects", R1, "--answers", os.path.join(E["FC_ANS"], "gas-clean.json"),
               "--pin-stdin", "--json")
    corr = json.loads(r.stdout)["id"] if r.returncode == 0 else None
    check("the inspector answers with a correction", corr is not None, r.stdout + r.stderr)
    r = device("sync", "--pin-stdin")
    check("  and syncs it", r.returncode == 0, r.stdout + r.stderr)
    check("the reviews page shows the return answered by that correction",
          go(b, "reviews", "reviews") and
          b.eval("[...document.querySelectorAll('#reviews-table a')].some(a => "
                 "a.getAttribute('href') === '#record?id=' + %r)" % corr), text(b, "#page")[:400])
    check("  and nothing waits any more",
          go(b, "reviews?state=waiting", "reviews") and rows(b, "#reviews-table") == 0)
    go(b, "record?id=" + corr, "record")
    b.wait("document.getElementById('review-form') !== null")
    check("a clean correction gives no notice: no link, and the API answers 404",
          b.eval("document.querySelector('a[href^=\"#notice\"]') === null") and
          api(b, "GET", "notice?id=" + corr)[0] == 404)
    b.eval("document.getElementById('review-accept').click()")
    check("the correction is accepted from its page",
          b.wait("document.querySelector('#record-reviews').textContent.includes('已通过')"),
          text(b, "#review-panel"))
    check("the records list shows it accepted",
          go(b, "records", "records") and "已通过" in text(b, "#records-table"),
          text(b, "#records-table"))
    csv = b.eval("fetch('api/export?what=records&format=csv&programme=gas').then(r => r.text())")
    head = csv.splitlines()[0] if csv else ""
    check("the records export has the review column, with accepted for the correction",
          ("审核" in head or "Review" in head) and "accepted" in csv and corr in csv, csv[:400])
    return corr


def zbar(path):
    r = subprocess.run(["zbarimg", "--quiet", "--raw", path], capture_output=True, text=True)
    return r.stdout.strip()


def verify_status(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, None


def notice_page(b):
    check("a record with a hazard links its printable notice",
          go(b, "record?id=" + R1, "record") and
          b.eval("document.querySelector('a[href=\"#notice?id=%s\"]') !== null" % R1))
    check("the notice renders: 隐患整改通知书", go(b, "notice?id=" + R1, "notice") and
          text(b, "#notice-title") == "隐患整改通知书", text(b, "#page")[:300])
    st, rec = api(b, "GET", "record?id=" + R1)
    h = rec["record"]["hash"]
    body = text(b, "#notice")
    check("  with its number (day and hash), household, hazard clause, deadline and inspector",
          re.search(r"ZG-\d{8}-" + h[:8].upper(), body) is not None and "新华路1号" in body and
          "依据" in body and "整改期限" in body and "ana" in body, body)
    path = os.path.join(SHOTS, "notice.png")
    b.eval("document.getElementById('notice-qr').scrollIntoView()")
    b.screenshot(path)
    got = zbar(path)
    check("its QR code, read back from the screen with zbarimg, is /verify/ of the record's "
          "hash at the server's public_url, not the address the browser used",
          got == PUBLIC + "/verify/" + h, got)
    r = device("notice", R1, "--json", "--out", os.path.join(T, "device-notice.pdf"))
    dev_url = json.loads(r.stdout).get("url") if r.returncode == 0 else r.stderr
    check("  the same URL the inspector's device puts in its own notice's QR code",
          dev_url == got, dev_url)
    st, v = verify_status(got) if got else (0, None)
    check("  which verifies", st == 200 and v is not None and v.get("found") is True, (st, v))
    bad = PUBLIC + "/verify/" + ("0" if h[0] != "0" else "1") + h[1:]
    check("  while the same hash changed in one digit is not found", verify_status(bad)[0] == 404)
    pdf = base64.b64decode(b.send("Page.printToPDF", {"preferCSSPageSize": True,
                                                       "printBackground": True})["data"])
    with open(os.path.join(SHOTS, "notice.pdf"), "wb") as f:
        f.write(pdf)
    m = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf)
    check("the browser prints it as a PDF on A4",
          m is not None and abs(float(m.group(1)) - 595.3) < 2 and
          abs(float(m.group(2)) - 841.9) < 2, m and m.groups())
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile",
                    os.path.join(SHOTS, "notice.pdf"), os.path.join(SHOTS, "notice-pdf")])
    got = zbar(os.path.join(SHOTS, "notice-pdf.png"))
    check("  one page whose QR code decodes to the same /verify/ URL",
          got == PUBLIC + "/verify/" + h, got)
    check("  and leaves the console's header off the paper",
          "督查控制台" not in subprocess.run(["pdftotext", os.path.join(SHOTS, "notice.pdf"), "-"],
                                          capture_output=True, text=True).stdout)
    st, _ = api(b, "GET", "notice?id=" + R3)
    check("the notice of a D2 record is refused to a D1 supervisor (403)", st == 403, st)
    r = device("record", "--template", "gas", "--household", "H2", "--answers",
               os.path.join(E["FC_ANS"], "gas-nobody-home.json"), "--pin-stdin", "--json")
    visit = json.loads(r.stdout)["id"] if r.returncode == 0 else ""
    device("sync", "--pin-stdin")
    check("a visit that found nobody home prints 到访不遇通知单 with a BY- number",
          go(b, "notice?id=" + visit, "notice") and text(b, "#notice-title") == "到访不遇通知单" and
          re.search(r"BY-\d{8}-[0-9A-F]{8}", text(b, "#notice")) is not None and
          "家中无人" in text(b, "#notice"), text(b, "#page")[:300])


def warnings_page(b):
    r = warnings("run", 5)
    check("the rules raise the hazard warnings of both districts",
          r.returncode == 0 and "2 new" in r.stdout, r.stdout + r.stderr)
    r = warnings("deliver", 5)
    check("a delivery run reaches the receiver that is up and fails the one that is down",
          r.returncode == 0 and "2 delivered, 2 failed" in r.stdout, r.stdout + r.stderr)
    states = lambda: b.eval("[...document.querySelectorAll('#warnings-table [data-state]')]"
                            ".map(s => s.dataset.state).sort().join(',')")
    check("the warnings page shows D1's warning only, delivered to one receiver and retrying to "
          "the other", go(b, "warnings", "warnings") and states() == "delivered,retrying" and
          "D2" not in text(b, "#warnings-table"), text(b, "#page")[:500])
    check("  with the attempt and the error kept",
          "1" in text(b, "#warnings-table") and len(b.eval(
              "document.querySelector('#warnings-table tbody tr:last-child td:last-child')"
              ".textContent")) > 0, text(b, "#warnings-table"))
    check("  naming the household and linking the record",
          b.eval("[...document.querySelectorAll('#warnings-table a')].some(a => "
                 "a.getAttribute('href') === '#record?id=' + %r)" % R1))
    shot(b, "warnings")
    # A second hazard in D1, raised under rules that give up after one try.
    r = device("record", "--template", "gas", "--household", "H2", "--answers",
               os.path.join(E["FC_ANS"], "gas-major.json"), "--pin-stdin")
    device("sync", "--pin-stdin")
    r = warnings("run", 1)
    check("a new hazard raises one more warning", "1 new" in r.stdout, r.stdout + r.stderr)
    r = warnings("deliver", 1)
    check("  delivered to one receiver, given up for the other", "1 delivered, 1 failed" in r.stdout,
          r.stdout + r.stderr)
    check("the page shows the delivery given up as failed",
          go(b, "warnings", "warnings") and
          states() == "delivered,delivered,failed,retrying", states())
    check("filtering to failed deliveries keeps that one",
          go(b, "warnings?state=failed", "warnings") and states() == "failed", states())


def city(b):
    check("the city account logs in", login(b, "city1"))
    check("it sees the warnings of both districts",
          go(b, "warnings", "warnings") and "D2" in text(b, "#warnings-table") and
          "D1" in text(b, "#warnings-table"), text(b, "#warnings-table"))
    b.eval("document.getElementById('lang').click()")
    check("in English: the warnings page", b.wait(
        "document.querySelector('#warnings-table thead').textContent.includes('Delivery')") and
        b.wait("document.querySelector('#warnings-table').textContent.includes('delivered')"),
        text(b, "#warnings-table thead"))
    shot(b, "warnings-en")
    check("in English: the reviews page", go(b, "reviews", "reviews") and
          "Reviewer" in text(b, "#reviews-table thead") and
          "accepted" in text(b, "#reviews-table"), text(b, "#reviews-table"))
    st, body = api(b, "POST", "review", {"record": R3, "state": "accepted", "comment": ""})
    check("the city account may review a D2 record", st == 200 and body.get("state") == "accepted",
          (st, body))
    b.eval("document.getElementById('lang').click()")


def main():
    os.makedirs(SHOTS, exist_ok=True)
    try:
        b = cdp.Browser()
    except (cdp.CdpError, OSError) as e:
        print("not ok - chromium starts headless (%s)" % e)
        return 1
    try:
        b.goto(URL + "/console/")
        b.wait("!document.getElementById('login').hidden")
        check("sup1 (D1) logs in", login(b, "sup1"))
        warnings_page(b)
        notice_page(b)
        review_by_page(b)
        scoping(b)
        device_answers(b)
        b.eval("document.getElementById('logout').click()")
        b.wait("!document.getElementById('login').hidden")
        city(b)
    except cdp.CdpError as e:
        check("the browser session ran to its end", False, e)
    finally:
        b.close()
    return 1 if failed else 0


sys.exit(main())
