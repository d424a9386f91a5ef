// SPDX-License-Identifier: Apache-2.0
// Households: search by id, address, resident or phone (the device's rules:
// every word must match), and one household's history across programmes.
import { get, query } from "./api.js";
import { t } from "./i18n.js";
import { el, table, link } from "./ui.js";
import { recordColumns } from "./records.js";

const hhColumns = [
  { key: "id", label: "Household", render: (h) => link("#household?id=" + encodeURIComponent(h.id), h.id) },
  { key: "district", label: "District" },
  { key: "address", label: "Address" },
  { key: "resident", label: "Resident" },
  { key: "kind", label: "Kind" },
  { key: "last_check", label: "Last check" },
];

export async function render(page, params) {
  const q = params.get("q") || "";
  const form = el("form", { class: "filters", id: "household-search" },
    el("label", {}, t("Search"), el("input", { name: "q", value: q, id: "q" })),
    el("button", { type: "submit" }, t("Search")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = "households" + query({ q: form.q.value });
  });
  const parts = [el("h2", {}, t("Household register")), form];
  if (q) parts.push(table(hhColumns, (await get("households" + query({ q, district: params.get("district") || "" }))).households, "households-table"));
  page.replaceChildren(...parts);
}

export async function renderOne(page, params) {
  const { household: h } = await get("household" + query({ id: params.get("id") || "" }));
  page.replaceChildren(
    el("h2", { id: "household-title" }, t("Household"), " ", h.id),
    table(hhColumns, [h]),
    el("h3", {}, t("Records")),
    table(recordColumns, h.records, "household-records"));
}
