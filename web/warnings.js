// SPDX-License-Identifier: Apache-2.0
// Warnings sent to the city's platform (docs/warnings.md): one row per
// warning and receiver, newest first, with the delivery's state (pending,
// retrying after a failure, delivered, failed after the last try), its
// attempts, the next try, when it was delivered and the last error.
import { get, query } from "./api.js";
import { t } from "./i18n.js";
import { el, table, link, select, date } from "./ui.js";
import { districtOptions } from "./records.js";

const RULES = ["hazard_found", "hazard_overdue", "house_grade", "household_overdue", "device_silent", "fork"];

// The delivery in words: a pending one that failed before is being retried.
function delivery(w) {
  if (!w.receiver) return t("no receiver");
  const s = w.state === "pending" && w.attempts > 0 ? "retrying" : w.state;
  return el("span", { class: "delivery-" + s, "data-state": s }, t(s));
}

// What the warning is about, linked where the console has a page for it.
function subject(w) {
  const s = w.sent || {};
  const parts = [];
  if (s.household) parts.push(link("#household?id=" + encodeURIComponent(s.household), s.household));
  if (s.programme) parts.push(" " + t(s.programme));
  if (s.item) parts.push(" " + s.item);
  if (s.severity) parts.push(" " + t(s.severity));
  if (s.grade) parts.push(" " + s.grade);
  if (s.due) parts.push(" " + t("Due") + " " + s.due);
  if (s.deadline) parts.push(" " + t("Deadline") + " " + s.deadline);
  if (s.device) parts.push(t("Device") + " " + s.device + " (" + s.inspector + ")");
  if (s.seq) parts.push(" #" + s.seq);
  if (s.record) parts.push(" · ", link("#record?id=" + encodeURIComponent(s.record), s.record));
  return el("span", {}, ...parts);
}

const columns = [
  { key: "id", label: "Warning", num: true },
  { key: "raised_at", label: "Raised", render: (w) => date(w.raised_at) },
  { key: "rule", label: "Rule", render: (w) => t(w.rule) },
  { key: "subject", label: "Subject", render: subject },
  { key: "district", label: "District" },
  { key: "receiver", label: "Receiver" },
  { key: "state", label: "Delivery", render: delivery },
  { key: "attempts", label: "Attempts", num: true },
  { key: "next_at", label: "Next try", render: (w) => (w.state === "pending" ? date(w.next_at) : "") },
  { key: "delivered_at", label: "Delivered", render: (w) => date(w.delivered_at) },
  { key: "last_error", label: "Last error" },
];

export async function render(page, params, me) {
  const f = { district: params.get("district") || "", state: params.get("state") || "", rule: params.get("rule") || "" };
  const data = await get("warnings" + query(f));
  const form = el("form", { class: "filters", id: "warnings-filter" },
    el("label", {}, t("District"), select("district", districtOptions(me), f.district)),
    el("label", {}, t("Rule"), select("rule", [["", ""], ...RULES.map((r) => [r, t(r)])], f.rule)),
    el("label", {}, t("Delivery"), select("state", [["", ""], ...["pending", "retrying", "delivered", "failed"].map((s) => [s, t(s)])], f.state)),
    el("button", { type: "submit" }, t("Filter")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = "warnings" + query({ district: form.district.value, rule: form.rule.value, state: form.state.value });
  });
  page.replaceChildren(el("h2", {}, t("Warnings")), form, table(columns, data.warnings, "warnings-table"));
}
