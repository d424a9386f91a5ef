// SPDX-License-Identifier: Apache-2.0
// The overview: the ledger counted for the account's districts (or the one
// chosen): each programme's progress against its cycle per district, gas
// alarms of catering units, rural grades, hazards by state, age and
// severity, today's syncs, and inspections and hazards per week as a chart
// (Debian's Chart.js) with its numbers in a table under it.
import { get, query } from "./api.js";
import { t } from "./i18n.js";
import { el, table, card, select } from "./ui.js";
import { districtOptions } from "./records.js";

function bar(p) {
  const b = el("span", { class: "bar", role: "img", "aria-label": `${p.ok}/${p.soon}/${p.overdue}` });
  let left = 0;
  for (const [cls, n] of [["checked", p.ok], ["due", p.soon], ["overdue", p.overdue]]) {
    const s = el("span", { class: cls });
    const w = p.total ? (100 * n) / p.total : 0;
    s.style.left = left + "%";
    s.style.width = w + "%";
    left += w;
    b.append(s);
  }
  return b;
}

function weeksChart(weeks) {
  const canvas = el("canvas", { id: "weeks-chart", width: "900", height: "260" });
  const box = el("div", { class: "chart" }, canvas);
  if (typeof Chart === "function") {
    // eslint-disable-next-line no-undef
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: weeks.map((w) => w.week),
        datasets: [
          { label: t("Inspections"), data: weeks.map((w) => w.inspections), backgroundColor: "#2e6da4" },
          { label: t("Hazards found"), data: weeks.map((w) => w.hazards), backgroundColor: "#c0392b" },
        ],
      },
      options: { animation: false, responsive: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    box.dataset.chart = "drawn";
  }
  return box;
}

function grades(rows) {
  const letters = new Set();
  for (const g of rows) for (const k of Object.keys(g.grades || {})) letters.add(k);
  const cols = [{ key: "district", label: "District" }, { key: "programme", label: "Programme", render: (r) => t(r.programme) },
    { key: "inspected", label: "Rural houses appraised", num: true }];
  for (const l of [...letters].sort()) cols.push({ key: l, label: l, num: true, render: (r) => (r.grades || {})[l] || 0 });
  return table(cols, rows, "grades-table");
}

export async function render(page, params, me) {
  const district = params.get("district") || "";
  const o = await get("overview" + query({ district }));
  const h = o.hazards;
  // A household due in two programmes (a restaurant in a self-built house) is
  // one household but two checks: the server counts households once.
  const checks = o.programmes.reduce((n, p) => n + p.overdue, 0);
  const overdue = o.households.overdue;
  const rural = o.grades.filter((g) => g.programme === "rural");
  const form = el("form", { class: "filters", id: "overview-filter" },
    el("label", {}, t("District"), select("district", districtOptions(me), district)),
    el("button", { type: "submit" }, t("Filter")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = "overview" + query({ district: form.district.value });
  });
  const cards = el("div", { class: "cards", id: "overview-cards" },
    card("Households overdue", overdue, overdue > 0),
    card("Programme checks overdue", checks, checks > 0),
    card("Hazards found", h.found), card("Hazards rectified", h.rectified),
    card("Hazards open", h.open, h.open > 0), card("Major hazards open", h.major_open, h.major_open > 0),
    card("Catering units with a working gas alarm", `${o.alarm.working} / ${o.alarm.catering}`, o.alarm.working < o.alarm.catering),
    card("Rural houses appraised", rural.reduce((n, g) => n + g.inspected, 0)),
    card("Records synced today", o.synced_today.records), card("Devices synced today", o.synced_today.devices));
  page.replaceChildren(
    el("h2", {}, t("Overview"), " ", el("small", {}, o.as_of)), form, cards,
    el("h3", {}, t("By programme")),
    table([{ key: "district", label: "District" }, { key: "programme", label: "Programme", render: (r) => t(r.programme) },
      { key: "bar", label: "Progress", render: bar }, { key: "ok", label: "Inside the cycle", num: true },
      { key: "soon", label: "Due soon", num: true }, { key: "overdue", label: "Overdue", num: true },
      { key: "total", label: "Total", num: true }], o.programmes, "programmes-table"),
    el("h3", {}, t("Rural houses appraised")), grades(rural),
    el("h3", {}, t("Open hazards by age")),
    table([{ key: "age", label: "Age", render: (r) => t(r.age) }, { key: "n", label: "Hazards open", num: true },
      { key: "major", label: "Major hazards open", num: true }], h.open_by_age, "age-table"),
    el("h3", {}, t("Open hazards by severity")),
    table([{ key: "s", label: "Severity", render: (r) => t(r.s) }, { key: "n", label: "Count", num: true }],
      Object.entries(h.open_by_severity).map(([s, n]) => ({ s, n })), "severity-table"),
    el("h3", {}, t("Inspections and hazards per week")), weeksChart(o.weeks),
    el("details", {}, el("summary", {}, t("Numbers of the chart")),
      table([{ key: "week", label: "Week" }, { key: "inspections", label: "Inspections", num: true },
        { key: "hazards", label: "Hazards found", num: true }], o.weeks, "weeks-table")));
}
