#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A year of a city, replayed through the real programs (docs/city.md).

Builds a registry the size of the city in issue 18's report (115 000
households, 1 674 catering, 5 888 rural houses, self-built houses) in four
districts, a fieldcheck-server on 127.0.0.1, and one handheld home per
inspector; plans a year of work from a seed (inspections on their cycles,
nobody-home visits with revisits, refusals, hazards with follow-ups, some
late and some never, corrections, rural appraisals with a fixed number of
C and D houses, a few forks, a lost device revoked, supervisors' reviews); makes
each device's records with `fieldcheck record --batch` (one PIN per device),
syncs them with `fieldcheck sync`; then reads the console's overview as a
supervisor would and checks its figures against what was generated.

  city.py --build DIR --work DIR [--seed N] [--scale F] [--db URI] [--jobs N]
"""
import argparse, datetime, hashlib, json, os, random, shutil, socket, subprocess, sys, time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

PIN = "258036"
DISTRICTS = ["D1", "D2", "D3", "D4"]
FULL = {"households": 115000, "catering": 1674, "rural": 5888, "cd": 205, "selfbuilt": 4000,
        "inspectors": 60}
YEAR0 = datetime.date(2026, 1, 5)
DAYS = 320  # the year's working span, ending before the run's "today"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class City:
    def __init__(self, args):
        self.a = args
        self.rng = random.Random(args.seed)
        self.fc = os.path.join(args.build, "fieldcheck")
        self.fcs = os.path.join(args.build, "fieldcheck-server")
        # Each device's key as `fieldcheck init` seals it, unless --kdf says otherwise.
        self.kdf = ["--kdf", args.kdf] if args.kdf else []
        self.work = os.path.abspath(args.work)
        self.db = args.db or os.path.join(self.work, "server.db")
        self.answers = os.path.join(args.root, "tests", "data", "answers")
        self.expect = {"records": 0, "found": 0, "rectified": 0, "late": 0, "never": 0,
                       "C": 0, "D": 0, "catering": 0, "nobody_home": 0, "refused": 0,
                       "corrections": 0, "forks": 0, "returned": 0, "overdue": 0}

    # ---- running the programs
    def run(self, argv, home=None, stdin=None, ok=(0,)):
        env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
        if home:
            env["FIELDCHECK_HOME"] = home
        p = subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env)
        if p.returncode not in ok:
            raise SystemExit(f"city: {' '.join(argv[:4])}... exit {p.returncode}: "
                             f"{p.stderr.strip()[:600]}")
        return p.stdout

    def server(self, *argv, stdin=None):
        return self.run([self.fcs, "--db", self.db, *argv], stdin=stdin)

    # ---- the registry
    def households(self):
        f = self.a.scale
        n = {k: max(1, round(v * f)) for k, v in FULL.items()}
        n["inspectors"] = max(8, round(FULL["inspectors"] * f))
        n["inspectors"] -= n["inspectors"] % 4
        kinds = (["catering"] * n["catering"] + ["rural"] * n["rural"] +
                 ["selfbuilt"] * n["selfbuilt"])
        kinds += ["residential"] * (n["households"] - len(kinds))
        self.rng.shuffle(kinds)
        self.hh = []
        streets = ["新华路", "和平街", "解放路", "人民路", "建设路", "东风路", "胜利街", "文化路"]
        for i, kind in enumerate(kinds):
            d = DISTRICTS[i % 4]
            hid = f"{d}-{i:06d}"
            addr = (f"{d}东村{i % 97}组{i % 50}号" if kind == "rural"
                    else f"{streets[i % 8]}{i % 400}号{i % 30}室")
            # Residential households are checked every two years: half of them were
            # checked last year and are not due in this one; the others are.
            due = kind != "residential" or self.rng.random() < 0.5
            last = (datetime.date(2024 if kind == "residential" else 2025, 1, 5) +
                    datetime.timedelta(days=self.rng.randrange(300)))
            if kind == "residential" and not due:
                last = datetime.date(2025, 1, 5) + datetime.timedelta(days=self.rng.randrange(300))
            self.hh.append({"id": hid, "district": d, "kind": kind, "address": addr,
                            "due": due, "last": last.isoformat()})
        self.n = n
        path = os.path.join(self.work, "households.csv")
        with open(path, "w", encoding="utf-8") as out:
            out.write("id,district,address,resident,phone,kind,last_check\n")
            for i, h in enumerate(self.hh):
                out.write(f"{h['id']},{h['district']},{h['address']},住户{i},"
                          f"139{i:08d},{h['kind']},{h['last']}\n")
        self.server("households", "import", path)

    # ---- answers
    def load(self, name):
        with open(os.path.join(self.answers, name + ".json"), encoding="utf-8") as f:
            return json.load(f)

    def answer_sets(self):
        major = self.load("gas-major")
        cat_bad = self.load("gas-catering-clean")
        cat_bad["G50"] = "no"
        cat_bad.pop("G51", None)
        for k, v in major.items():
            if k.startswith("G7"):
                cat_bad[k] = v
        rural_d = self.load("rural-c")
        rural_d.update({"R21": "d", "R50": "rebuild"})
        nobody = self.load("gas-nobody-home")
        nobody.pop("G81", None)
        nobody.update({"G80": "no"})
        nobody.pop("G82", None)
        self.ans = {"gas-clean": self.load("gas-clean"), "gas-major": major,
                    "catering-clean": self.load("gas-catering-clean"),
                    "catering-no-alarm": cat_bad, "rural-clean": self.load("rural-clean"),
                    "rural-c": self.load("rural-c"), "rural-d": rural_d,
                    "selfbuilt": self.load("selfbuilt-clean"),
                    "refused": {"G00": "refused", "G84": "住户不便", "G85": "yes"},
                    "nobody": nobody}

    # ---- the year's plan, per inspector
    def when(self, day):
        d = YEAR0 + datetime.timedelta(days=min(day, DAYS))
        return f"{d.isoformat()}T{9 + self.rng.randrange(8):02d}:{self.rng.randrange(60):02d}:00+08:00"

    def plan(self):
        per = self.n["inspectors"] // 4
        self.inspectors = [f"{d}i{k:02d}" for d in DISTRICTS for k in range(per)]
        work = {i: [] for i in self.inspectors}
        cd = set(self.rng.sample([h["id"] for h in self.hh if h["kind"] == "rural"],
                                 self.n["cd"]))
        for i, h in enumerate(self.hh):
            d = DISTRICTS.index(h["district"])
            insp = self.inspectors[d * per + (i // 4) % per]
            work[insp].extend(self.plan_household(h, h["id"] in cd))
        self.batches = {}
        for insp, items in work.items():
            items.sort(key=lambda x: x[0])
            # Times are drawn here, in a fixed order, so the seed alone decides them.
            self.batches[insp] = [(day, dict(line, time=self.when(day)), tag)
                                  for day, line, tag in items]

    def plan_household(self, h, is_cd):
        """(day, line, tags) triples; follow-ups and corrections name their line by key."""
        rng, kind, out = self.rng, h["kind"], []
        if not h["due"]:
            return out  # checked last year: not due in this one (a two-year cycle)
        day = rng.randrange(DAYS - 60)
        if kind == "residential" or kind == "catering":
            attempt = 1
            # A restaurant is open most of the day: it is found on the second try at worst.
            while rng.random() < 0.08 and attempt <= (1 if kind == "catering" else 3):
                nb = dict(self.ans["nobody"], G88=attempt)
                out.append((day, {"template": "gas", "household": h["id"], "answers": nb},
                            {"visit": 1}))
                day += 7 + rng.randrange(20)
                attempt += 1
            if attempt > 3:
                self.expect["overdue"] += 1
                return out  # escalated to the community after three tries
            if kind == "residential" and rng.random() < 0.01:
                out.append((day, {"template": "gas", "household": h["id"],
                                  "answers": self.ans["refused"]}, {"refused": 1}))
                self.expect["overdue"] += 1
                return out
            if kind == "catering":
                bad = rng.random() < 0.06
                name = "catering-no-alarm" if bad else "catering-clean"
            else:
                bad = rng.random() < 0.012
                name = "gas-major" if bad else "gas-clean"
            key = ("i", h["id"])
            out.append((day, {"template": "gas", "household": h["id"], "answers": self.ans[name],
                              "_key": key}, {"kind": name}))
            if bad:
                out.extend(self.plan_followups(day, key, kind == "catering"))
            elif rng.random() < 0.003:
                out.append((day + 2, {"corrects": key, "answers": self.ans[name]},
                            {"correction": 1}))
        elif kind == "rural":
            name = ("rural-d" if self.rng.random() < 0.3 else "rural-c") if is_cd else "rural-clean"
            out.append((day, {"template": "rural", "household": h["id"], "answers": self.ans[name]},
                        {"kind": name, "grade": {"rural-d": "D", "rural-c": "C"}.get(name)}))
        else:
            out.append((day, {"template": "selfbuilt", "household": h["id"],
                              "answers": self.ans["selfbuilt"]}, {"kind": "selfbuilt"}))
        return out

    def plan_followups(self, day, key, must):
        """Rectified in time (85 %), late after a failed follow-up (10 %), never (5 %).
        A catering unit without a gas alarm always gets one in the end."""
        r = self.rng.random()
        if r < 0.85:
            return [(day + 3 + self.rng.randrange(4), {"follows": key, "outcome": "rectified"},
                     {"rectified": key})]
        if r < 0.95 or must:
            return [(day + 5, {"follows": key, "outcome": "not_rectified"}, {}),
                    (day + 20 + self.rng.randrange(30), {"follows": key, "outcome": "rectified"},
                     {"rectified": key, "late": 1})]
        return [(day + 5, {"follows": key, "outcome": "not_rectified"}, {"never": key})]

    # ---- devices
    def device(self, insp):
        home = os.path.join(self.work, "devices", insp)
        self.run([self.fc, "init", "--inspector", insp, "--name", "检查员" + insp, *self.kdf,
                  "--pin-stdin"], home, PIN + "\n")
        code = self.server("enroll", "--inspector", insp, "--name", "检查员" + insp,
                           "--district", insp[:2]).strip().split()[-1]
        self.run([self.fc, "enroll", self.url, code, "--pin-stdin"], home, PIN + "\n")
        self.run([self.fc, "sync", "--pin-stdin"], home, PIN + "\n")
        return home

    def replay(self, insp):
        home = self.device(insp)
        lines, keys, tags = [], {}, []
        for day, line, tag in self.batches[insp]:
            line = dict(line)
            for ref in ("follows", "corrects"):
                if ref in line:
                    line[ref] = "@%d" % keys[line[ref]]
            key = line.pop("_key", None)
            lines.append(line)
            tags.append(tag)
            if key:
                keys[key] = len(lines)
        path = os.path.join(home, "year.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for l in lines:
                f.write(json.dumps(l, ensure_ascii=False) + "\n")
        shutil.copy(os.path.join(self.answers, "stove.jpg"), home)
        out = self.run([self.fc, "record", "--batch", path, "--pin-stdin", "--json"], home,
                       PIN + "\n")
        results = []
        dec, s, i = json.JSONDecoder(), out, 0
        while s[i:].strip():
            i += len(s[i:]) - len(s[i:].lstrip())
            o, n = dec.raw_decode(s, i)
            results.append(o)
            i = n
        self.run([self.fc, "sync", "--pin-stdin"], home, PIN + "\n")
        return insp, home, results, tags

    def tally(self, results, tags):
        e = self.expect
        hazards = {}
        e["records"] += len(results)
        for n, (r, t) in enumerate(zip(results, tags), 1):
            if "kind" in t:
                hazards[n] = r.get("hazards", 0)
                e["found"] += r.get("hazards", 0)
            e["C"] += t.get("grade") == "C"
            e["D"] += t.get("grade") == "D"
            e["catering"] += t.get("kind", "").startswith("catering")
            e["nobody_home"] += "visit" in t
            e["refused"] += "refused" in t
            e["corrections"] += "correction" in t
            e["late"] += "late" in t
            e["never"] += "never" in t
        return hazards

    # ---- the server
    def start(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        self.url = f"http://127.0.0.1:{port}"
        self.srv_log = open(os.path.join(self.work, "server.log"), "w")
        self.srv = subprocess.Popen([self.fcs, "--db", self.db, "serve", "--listen",
                                     f"127.0.0.1:{port}", "--web",
                                     os.path.join(self.a.root, "web")], stdout=self.srv_log,
                                    stderr=self.srv_log)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        raise SystemExit("city: the server did not start")

    def cpu_seconds(self):
        with open(f"/proc/{self.srv.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def overview(self):
        self.server("user", "add", "city", "--role", "city", "--password-stdin",
                    stdin="city-password-1234\n")
        op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        req = urllib.request.Request(self.url + "/console/api/login", method="POST",
                                     data=json.dumps({"name": "city",
                                                      "password": "city-password-1234"}).encode(),
                                     headers={"Content-Type": "application/json",
                                              "Origin": self.url})
        op.open(req, timeout=30)
        with op.open(self.url + "/console/api/overview", timeout=300) as r:
            return json.load(r)

    def screenshots(self):
        """The console's overview of the city in headless chromium (tests/console/cdp.py)."""
        sys.path.insert(0, os.path.join(self.a.root, "tests", "console"))
        import cdp
        shots = []
        if cdp.find_chromium() is None:
            return shots
        for lang in ("zh-CN,zh", "en-US,en"):
            b = cdp.Browser(lang=lang)
            try:
                b.goto(self.url + "/console/")
                if not b.wait("!document.getElementById('login').hidden", 60):
                    raise SystemExit("city: the console's login page did not show")
                b.eval("document.querySelector('#login [name=name]').value = 'city';"
                       "document.querySelector('#login [name=password]').value = "
                       "'city-password-1234';"
                       "document.querySelector('#login button').click()")
                if not b.wait("document.getElementById('page').dataset.page === 'overview' "
                              "&& !document.getElementById('page').textContent.includes('…')",
                              300):
                    raise SystemExit("city: the console's overview did not show")
                time.sleep(1)  # the charts draw after the numbers arrive
                path = os.path.join(self.work, "overview-%s.png" % lang[:2])
                b.screenshot(path)
                shots.append(path)
            finally:
                b.close()
        return shots

    # ---- the rest of the year's events
    def fork(self, home):
        """A device restored from a copy signs again at a sequence already used."""
        copy = home + "-restored"
        shutil.copytree(home, copy)
        # Homes not due this year: a clean inspection there moves no overview figure but
        # the records, whichever of the district's households the seed made overdue.
        hh = [h["id"] for h in self.hh if h["district"] == os.path.basename(home)[:2] and
              h["kind"] == "residential" and not h["due"]][:2]
        for where, hid in ((home, hh[0]), (copy, hh[1])):
            with open(os.path.join(where, "one.json"), "w") as f:
                json.dump(self.ans["gas-clean"], f)
            self.run([self.fc, "record", "--template", "gas", "--household", hid, "--answers",
                      os.path.join(where, "one.json"), "--pin-stdin"], where, PIN + "\n")
        self.run([self.fc, "sync", "--pin-stdin"], home, PIN + "\n")
        self.run([self.fc, "sync", "--pin-stdin"], copy, PIN + "\n", ok=(0, 1))
        self.expect["records"] += 1
        self.expect["forks"] += 1

    def lost_device(self, insp):
        home = os.path.join(self.work, "devices", insp + "-second")
        self.run([self.fc, "init", "--inspector", insp, "--name", "检查员" + insp, *self.kdf,
                  "--pin-stdin"], home, PIN + "\n")
        code = self.server("enroll", "--inspector", insp, "--name", "检查员" + insp,
                           "--district", insp[:2]).strip().split()[-1]
        out = self.run([self.fc, "enroll", self.url, code, "--pin-stdin"], home, PIN + "\n")
        device = out.split(" on device ")[1].split()[0]
        self.server("revoke", "--device", device)
        self.run([self.fc, "sync", "--pin-stdin"], home, PIN + "\n", ok=(1,))
        return device

    def reviews(self, done):
        """A supervisor reviews a sample; each returned record reaches its device."""
        picked = []
        for insp, home, results, tags in done:
            ids = [r["id"] for r, t in zip(results, tags) if t.get("kind") == "gas-clean"]
            picked += [(insp, home, i) for i in self.rng.sample(ids, min(3, len(ids)))]
        homes = {}
        for n, (insp, home, rid) in enumerate(picked):
            state = "returned" if n % 3 == 0 else "accepted"
            args = ["review", rid, state, "--by", "sup-" + insp[:2]]
            if state == "returned":
                args += ["--comment", "燃气表读数照片不清，请补拍"]
                self.expect["returned"] += 1
            self.server(*args)
            homes[insp] = home
        waiting = 0
        for insp, home in homes.items():
            out = self.run([self.fc, "sync", "--pin-stdin"], home, PIN + "\n")
            waiting += int(out.split("reviews; ")[1].split()[0])
        return waiting

    # ---- checking
    def check(self, ov, waiting, status):
        e, bad = self.expect, []
        hz = ov["hazards"]
        grades = {}
        for g in ov["grades"]:
            if g["programme"] == "rural":
                for k, v in g.get("grades", {}).items():
                    grades[k] = grades.get(k, 0) + v
        want = [
            ("records on the server", status["records"], e["records"]),
            ("forks kept as evidence", status["forks"], e["forks"]),
            ("households overdue (due, never reached)",
             sum(g["overdue"] for g in ov["programmes"]), e["overdue"]),
            ("hazards found", hz["found"], e["found"]),
            ("hazards rectified", hz["rectified"], e["rectified"]),
            ("hazards open", hz["open"], e["found"] - e["rectified"]),
            ("rural houses graded C", grades.get("C", 0), e["C"]),
            ("rural houses graded D", grades.get("D", 0), e["D"]),
            ("catering units in the registry", ov["alarm"]["catering"], self.n["catering"]),
            ("catering units inspected", ov["alarm"]["inspected"], e["catering"]),
            ("catering units with a working gas alarm", ov["alarm"]["working"], e["catering"]),
            ("returned records waiting on devices", waiting, e["returned"]),
        ]
        for what, got, exp in want:
            mark = "ok" if got == exp else "MISMATCH"
            print(f"  {what:42} {got:>8}  (generated {exp}) {mark}")
            if got != exp:
                bad.append(what)
        return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--db", help="postgresql://... (default: a SQLite file in --work)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--kdf", help="OPS:MIB for the devices' keys (default: init's own, 3:64)")
    ap.add_argument("--no-screenshots", action="store_true",
                    help="skip the console's screenshots in headless chromium")
    ap.add_argument("--plan-only", action="store_true",
                    help="print a digest of the planned year and stop (the seed decides it)")
    a = ap.parse_args()
    if os.path.exists(a.work):
        shutil.rmtree(a.work)
    os.makedirs(os.path.join(a.work, "devices"))
    t0 = time.time()
    c = City(a)
    c.households()
    c.answer_sets()
    c.plan()
    if a.plan_only:
        digest = hashlib.sha256(json.dumps(c.batches, sort_keys=True, ensure_ascii=False,
                                           default=str).encode()).hexdigest()
        print(f"plan {digest} records {sum(len(b) for b in c.batches.values())}")
        return 0
    c.start()
    log(f"city: {len(c.hh)} households, {len(c.inspectors)} inspectors, "
        f"{sum(len(b) for b in c.batches.values())} records planned")
    try:
        done = []
        with ThreadPoolExecutor(a.jobs) as pool:
            for d in pool.map(c.replay, c.inspectors):
                done.append(d)
                log(f"city: {d[0]}: {len(d[2])} records signed and synced")
        for insp, home, results, tags in done:
            hz = c.tally(results, tags)
            # A rectified follow-up closes every hazard its inspection raised.
            lines = open(os.path.join(home, "year.jsonl"), encoding="utf-8").read().splitlines()
            for n, (line, t) in enumerate(zip(lines, tags), 1):
                if "rectified" in t:
                    ref = int(json.loads(line)["follows"][1:])
                    c.expect["rectified"] += hz.get(ref, 0)
        # A few forks: the first handheld of each of three districts restored from a copy.
        per = len(done) // len(DISTRICTS)
        for k in range(3):
            c.fork(done[k * per][1])
        device = c.lost_device(c.inspectors[1])
        waiting = c.reviews(done)
        status = json.loads(c.server("status", "--json"))
        cpu = c.cpu_seconds()
        ov = c.overview()
        shots = [] if a.no_screenshots else c.screenshots()
    finally:
        c.srv.terminate()
        c.srv.wait()
    wall = time.time() - t0
    if a.db:
        size = int(subprocess.run(["psql", "-qtA", a.db, "-c",
                                   "SELECT pg_database_size(current_database())"],
                                  capture_output=True, text=True).stdout.strip() or 0)
    else:
        size = os.path.getsize(c.db) + (os.path.getsize(c.db + "-wal")
                                        if os.path.exists(c.db + "-wal") else 0)
    print(f"city (seed {a.seed}, scale {a.scale}): {len(c.hh)} households, "
          f"{len(c.inspectors)} inspectors in {len(DISTRICTS)} districts")
    print(f"  records {status['records']}, households {status.get('households', len(c.hh))}, "
          f"nobody-home visits {c.expect['nobody_home']}, refusals {c.expect['refused']}, "
          f"corrections {c.expect['corrections']}, late rectifications {c.expect['late']}, "
          f"never rectified {c.expect['never']}, lost device revoked {device}")
    print(f"  wall time {wall:.0f} s, server CPU time {cpu:.1f} s, store size "
          + f"{size / 1e6:.1f} MB" + (" (PostgreSQL)" if a.db else " (SQLite)"))
    print("  overview (as the console shows it):")
    bad = c.check(ov, waiting, status)
    for path in shots:
        print(f"  screenshot of the console's overview: {path}")
    with open(os.path.join(a.work, "overview.json"), "w") as f:
        json.dump(ov, f, ensure_ascii=False, indent=1)
    if bad:
        print("city: the overview disagrees with what was generated: " + ", ".join(bad))
        return 1
    print("city: every figure matches what was generated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
