# SPDX-License-Identifier: Apache-2.0
"""The console in a real browser (Debian's chromium, headless, 1366x768).

usage: browser.py URL SHOTS DOWNLOADS R1 R3
URL is the server's base; accounts sup1 (D1) and city1 exist with the
password below; R1 is a D1 record with a photo, R3 a D2 record. Prints
"ok - ..." / "not ok - ..." lines; screenshots of each page go to SHOTS.
"""
import glob
import os
import re
import sys
import time
import zipfile

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


def downloaded(ext, timeout=30):
    """The finished download ending in ext, or None."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [f for f in glob.glob(os.path.join(DOWNLOADS, "*" + ext))]
        if done and not glob.glob(os.path.join(DOWNLOADS, "*.crdownload")):
            return done[0]
        time.sleep(0.2)
    return None


def export_download(b):
    b.allow_downloads(os.path.abspath(DOWNLOADS))
    go(b, "exports")
    check("the exports page renders", page_is(b, "exports") and
          b.eval("document.getElementById('export-link') !== null"), text(b, "#page")[:300])
    b.eval("{ const f = document.getElementById('export-form');"
           "f.what.value = 'hazards'; f.format.value = 'xlsx';"
           "f.dispatchEvent(new Event('change')); }")
    shot(b, "exports")
    b.eval("document.getElementById('export-link').click()")
    path = downloaded(".xlsx")
    check("the hazard ledger downloads as XLSX", path is not None, os.listdir(DOWNLOADS))
    if path is None:
        return
    z = zipfile.ZipFile(path)
    sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    check("it opens: a workbook with a hazards sheet",
          b'name="hazards"' in z.read("xl/workbook.xml"))
    check("with no formula cell", re.search(r"<f[ >/]", sheet) is None)
    check("holding D1's hazards and nothing of D2",
          ">D1<" in sheet and ">D2<" not in sheet and ">H1<" in sheet, sheet[:400])


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
    check("the overview is the first page", page_is(b, "overview"), text(b, "#page")[:300])
    check("its progress per programme and district shows D1 only",
          b.wait("document.querySelectorAll('#programmes-table tbody tr').length >= 2") and
          "D2" not in text(b, "#programmes-table"), text(b, "#programmes-table"))
    check("with a bar per row", b.eval("document.querySelectorAll('#programmes-table .bar')"
                                       ".length") >= 2)
    check("the cards count the open major gas hazard",
          b.eval("[...document.querySelectorAll('#overview-cards .card.alarm .n')]"
                 ".some(n => Number(n.textContent) >= 1)"))
    check("the week chart is drawn by the served Chart.js",
          b.wait("document.querySelector('.chart').dataset.chart === 'drawn'") and
          b.eval("(() => { const c = document.getElementById('weeks-chart');"
                 "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                 "for (let i = 3; i < d.length; i += 4) if (d[i]) return true; return false; })()"))
    check("its numbers are in a table under it, 52 weeks, this week's two inspections",
          rows(b, "#weeks-table") == 52 and
          b.eval("document.querySelector('#weeks-table tbody tr:last-child td:nth-child(2)')"
                 ".textContent") == "2")
    check("the rural grade table shows the C house",
          "C" in text(b, "#grades-table thead"), text(b, "#grades-table"))
    shot(b, "overview")
    go(b, "hazards")
    check("the hazard ledger renders the D1 hazards", page_is(b, "hazards") and
          rows(b, "#hazards-table") >= 1 and "D2" not in text(b, "#hazards-table"),
          text(b, "#page")[:300])
    check("each row links to its record",
          b.eval("[...document.querySelectorAll('#hazards-table a')].some(a => "
                 "a.getAttribute('href') === '#record?id=' + %r)" % R1))
    b.eval("{ const f = document.getElementById('hazards-filter');"
           "f.state.value = 'open'; f.programme.value = 'gas'; f.severity.value = 'major';"
           "f.querySelector('button').click(); }")
    check("filtering to open major gas hazards keeps them",
          b.wait("location.hash.includes('severity=major') && "
                 "document.getElementById('page').dataset.page === 'hazards' && "
                 "document.querySelectorAll('#hazards-table tbody tr a').length >= 1"))
    shot(b, "hazards")
    go(b, "records")
    check("the records page renders the D1 records (and a correction)",
          page_is(b, "records") and rows(b, "#records-table") == 3, text(b, "#page"))
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

    r2, r2c = os.environ["FC_R2"], os.environ["FC_R2C"]
    go(b, "record?id=" + r2)
    check("a corrected record lists its original and correction", page_is(b, "record") and
          rows(b, "#record-versions") == 2, text(b, "#page")[:300])
    check("linking the correction, marked the current version",
          b.eval("[...document.querySelectorAll('#record-versions tbody tr')].some(tr => "
                 "tr.querySelector('a') && tr.querySelector('a').getAttribute('href') === "
                 "'#record?id=' + %r && tr.textContent.includes('是'))" % r2c))
    check("and says at the top that it was corrected",
          r2c in text(b, "#record-facts"), text(b, "#record-facts"))
    shot(b, "record-corrected")
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
    # ana's device: the fork its copy pushed was refused once (browser.sh).
    cells = b.eval("[...document.querySelectorAll('#inspectors-table thead th')].map(th => "
                   "th.textContent)")
    row = b.eval("[...document.querySelectorAll('#inspectors-table tbody tr')].map(tr => "
                 "[...tr.children].map(td => td.textContent)).find(r => r[0] === 'ana')")
    got = dict(zip(cells, row or []))
    check("the refused push is counted on ana's device", got.get("被拒收的上传") == "1", got)
    reason = got.get("最近一次拒收原因", "")
    check("with the reason the device was told", "fork" in reason or "分叉" in reason, got)
    check("and on ana, over all her devices", got.get("该检查员被拒收的上传") == "1", got)
    shot(b, "inspectors")

    export_download(b)
    go(b, "inspectors")
    page_is(b, "inspectors")
    b.eval("document.getElementById('lang').click()")
    check("the language switch turns the page English",
          b.wait("document.querySelector('h1').textContent === \"Supervisors' console\""))
    check("(the navigation too)", b.wait("document.querySelector('nav a[href=\"#records\"]')"
                                         ".textContent === 'Records'"))
    shot(b, "inspectors-en")
    check("(its refusal columns in English)",
          "Refused pushes" in text(b, "#inspectors-table thead") and
          "Last refusal" in text(b, "#inspectors-table thead"), text(b, "#inspectors-table thead"))
    go(b, "overview")
    check("the overview in English", page_is(b, "overview") and
          "Households overdue" in text(b, "#overview-cards"), text(b, "#overview-cards"))
    check("(households overdue, each once, apart from programme checks overdue)",
          "Programme checks overdue" in text(b, "#overview-cards"), text(b, "#overview-cards"))
    shot(b, "overview-en")
    go(b, "hazards")
    check("the hazard ledger in English", page_is(b, "hazards") and
          "Rectification" in text(b, "#hazards-table thead"))
    shot(b, "hazards-en")
    go(b, "inspectors")
    b.eval("document.getElementById('lang').click()")
    check("and back to Chinese", b.wait("document.querySelector('h1').textContent === '督查控制台'"))

    go(b, "records?district=D2")
    check("editing the URL to district D2 shows a refusal",
          b.wait("document.getElementById('forbidden') !== null"), text(b, "#page"))
    check("an API call for D2 from the page answers 403",
          b.eval("fetch('api/records?district=D2').then(r => r.status)") == 403)
    go(b, "overview?district=D2")
    check("the overview of D2 by URL is refused",
          b.wait("document.getElementById('forbidden') !== null"), text(b, "#page"))
    go(b, "hazards?district=D2&state=open")
    check("the hazards of D2 by URL are refused",
          b.wait("document.getElementById('forbidden') !== null"), text(b, "#page"))
    check("an overview API call for D2 answers 403",
          b.eval("fetch('api/overview?district=D2').then(r => r.status)") == 403)
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
