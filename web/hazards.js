// SPDX-License-Identifier: Apache-2.0
// The hazard ledger: filterable by district, programme, severity, state and
// age (of the found date); each row links to the record that raised it and
// to the one that last changed it, with the rectification loop (found, the
// deadline, follow-ups not yet rectified, closed) and the days it took.
import { get, query } from "./api.js";
import { t } from "./i18n.js";
import { el, table, link, select } from "./ui.js";
import { districtOptions } from "./records.js";

const recLink = (id) => (id ? link("#record?id=" + encodeURIComponent(id), id) : "");
const FILTERS = ["district", "programme", "severity", "state", "age"];

function loop(h) {
  const steps = [t("Found") + " " + h.found];
  if (h.deadline) steps.push(t("Deadline") + " " + h.deadline);
  if (h.followups) steps.push(t("Follow-ups") + " " + h.followups);
  if (h.closed) steps.push(t(h.status) + " " + h.closed);
  return steps.join(" → ");
}

export async function render(page, params, me) {
  const f = {};
  for (const k of FILTERS) f[k] = params.get(k) || "";
  const data = await get("hazards" + query(f));
  const form = el("form", { class: "filters", id: "hazards-filter" },
    el("label", {}, t("District"), select("district", districtOptions(me), f.district)),
    el("label", {}, t("Programme"), select("programme", [["", ""], ...["gas", "selfbuilt", "rural"].map((p) => [p, t(p)])], f.programme)),
    el("label", {}, t("Severity"), select("severity", [["", ""], ...["stop", "major", "serious", "ordinary", "some", "moderate", "slight", "finding"].map((s) => [s, t(s)])], f.severity)),
    el("label", {}, t("State"), select("state", [["", ""], ...["open", "rectified", "reinspected", "superseded"].map((s) => [s, t(s)])], f.state)),
    el("label", {}, t("Age"), select("age", [["", ""], ["0", t("0-7 days")], ["1", t("8-30 days")], ["2", t("31-90 days")], ["3", t("over 90 days")]], f.age)),
    el("button", { type: "submit" }, t("Filter")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = {};
    for (const k of FILTERS) q[k] = form[k].value;
    location.hash = "hazards" + query(q);
  });
  page.replaceChildren(el("h2", {}, t("Hazards")), form, table([
    { key: "household", label: "Household", render: (h) => link("#household?id=" + encodeURIComponent(h.household), h.household) },
    { key: "address", label: "Address" },
    { key: "programme", label: "Programme", render: (h) => t(h.programme) },
    { key: "item", label: "Item" },
    { key: "severity", label: "Severity", render: (h) => t(h.severity) },
    { key: "status", label: "State", render: (h) => t(h.status) },
    { key: "loop", label: "Rectification", render: loop },
    { key: "days", label: "Days taken", num: true },
    { key: "record", label: "Record", render: (h) => recLink(h.record) },
    { key: "closed_by", label: "Closed by", render: (h) => recLink(h.closed_by) },
    { key: "district", label: "District" },
  ], data.hazards, "hazards-table"));
}
