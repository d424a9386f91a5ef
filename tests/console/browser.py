# SPDX-License-Identifier: Apache-2.0
"""The console in a real browser (Debian's chromium, headless, 1366x768).

usage: browser.py URL SHOTS DOWNLOADS R1 R3
URL is the server's base; accounts sup1 (D1) and city1 exist with the
password below; R1 is a D1 record with a photo, R3 a D2 record. Prints
"ok - ..." / "not ok - ..." lines; screenshots of each page go to SHOTS.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

PW = "correct horse battery"
URL, SHOTS, DOWNLOADS, R1, R3 = sys.argv[1:6]
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


def shot(b, name):
    path = os.path.join(SHOTS, name + ".png")
    b.screenshot(path)
    check("screenshot of %s at 1366x768 (%s)" % (name, path), os.path.getsize(path) > 5000)


def page_is(b, name):
    return b.wait("document.getElementById('page').dataset.page === %r && "
                  "!document.getElementById('page').textContent.includes('…')" % name)


def go(b, hash_):
    b.eval("location.hash = %r" % hash_)
    time.sleep(0.2)


def login(b, name, password):
    b.eval("document.querySelector('#login [name=name]').value = %r;"
           "document.querySelector('#login [name=password]').value = %r;"
           "document.querySelector('#login button').click()" % (name, password))


def text(b, sel):
    return b.eval("(document.querySelector(%r) || {}).textContent || ''" % sel)


def rows(b, sel):
    return b.eval("document.querySelectorAll(%r).length" % (sel + " tbody tr"))


def run(b):
    b.goto(URL + "/console/")
    check("the login form shows", b.wait("!document.getElementById('login').hidden"))
    check("in Chinese for a Chinese browser", b.wait("document.querySelector('h1').textContent"
                                                     " === '督查控制台'"), text(b, "h1"))
    shot(b, "login")
    login(b, "sup1", "wrong password!")
    check("a wrong password says so", b.wait("document.getElementById('login-error')"
                                             ".textContent.length > 0"))
    login(b, "sup1", PW)
    check("the right password logs in", b.wait("!document.getElementById('nav').hidden"))
    check("the records page renders the D1 records", page_is(b, "records") and
          rows(b, "#records-table") == 2, text(b, "#page"))
    shot(b, "records")

    check("the session cookie is not readable by script",
          "fc_session" not in (b.eval("document.cookie") or ""), b.eval("document.cookie"))
    ck = [c for c in b.cookies() if c["name"] == "fc_session"]
    check("the browser holds it HttpOnly and SameSite=Strict",
          len(ck) == 1 and ck[0]["httpOnly"] and ck[0]["sameSite"] == "Strict", ck)

    go(b, "record?id=" + R1)
    check("a record renders with its proof", page_is(b, "record") and
          len(text(b, "#record-proof")) > 128, text(b, "#page")[:300])
    check("its answers carry the template's Chinese labels",
          any("\u4e00" <= ch <= "\u9fff" for ch in text(b, "#record-answers")))
    check("its photo loads from the server", b.wait(
        "[...document.querySelectorAll('#photos img')].every(i => i.complete && "
        "i.naturalWidth > 0) && document.querySelectorAll('#photos img').length === 1"))
    shot(b, "record")

    go(b, "households?q=新华路")
    check("household search finds the two households on 新华路",
          page_is(b, "households") and b.wait("document.querySelectorAll("
                                              "'#households-table tbody tr').length === 2"))
    shot(b, "households")
    go(b, "household?id=H1")
    check("a household shows its history", page_is(b, "household") and
          rows(b, "#household-records") >= 1)
    shot(b, "household")
    go(b, "inspectors")
    check("inspectors and devices render", page_is(b, "inspectors") and
          "ana" in text(b, "#inspectors-table") and "ben" not in text(b, "#inspectors-table"))
    shot(b, "inspectors")

    b.eval("document.getElementById('lang').click()")
    check("the language switch turns the page English",
          b.wait("document.querySelector('h1').textContent === \"Supervisors' console\""))
    check("(the navigation too)", b.wait("document.querySelector('nav a[href=\"#records\"]')"
                                         ".textContent === 'Records'"))
    shot(b, "inspectors-en")
    b.eval("document.getElementById('lang').click()")
    check("and back to Chinese", b.wait("document.querySelector('h1').textContent === '督查控制台'"))

    go(b, "records?district=D2")
    check("editing the URL to district D2 shows a refusal",
          b.wait("document.getElementById('forbidden') !== null"), text(b, "#page"))
    check("an API call for D2 from the page answers 403",
          b.eval("fetch('api/records?district=D2').then(r => r.status)") == 403)
    go(b, "record?id=" + R3)
    check("a D2 record by URL is refused", b.wait("document.getElementById('forbidden') !== null"))
    go(b, "records")
    page_is(b, "records")
    b.eval("const s = document.querySelector('#records-filter [name=district]');"
           "const o = document.createElement('option'); o.value = 'D2'; o.textContent = 'D2';"
           "s.append(o); s.value = 'D2';"
           "document.querySelector('#records-filter button').click()")
    check("a form field edited to D2 is refused",
          b.wait("document.getElementById('forbidden') !== null"))
    shot(b, "forbidden")

    st = b.eval("fetch('api/logout', {method: 'POST'}).then(r => r.status)")
    check("a POST without the CSRF token is refused (403)", st == 403, st)
    check("and the session goes on", b.eval("fetch('api/me').then(r => r.status)") == 200)
    b.eval("document.getElementById('logout').click()")
    check("logout shows the login form", b.wait("!document.getElementById('login').hidden"))
    check("and ends the session on the server",
          b.wait("fetch('api/me').then(r => r.status === 401)"))


def main():
    os.makedirs(SHOTS, exist_ok=True)
    try:
        b = cdp.Browser()
    except (cdp.CdpError, OSError) as e:
        print("not ok - chromium starts headless (%s)" % e)
        return 1
    try:
        run(b)
    except cdp.CdpError as e:
        check("the browser session ran to its end", False, e)
    finally:
        b.close()
    return 1 if failed else 0


sys.exit(main())
