// SPDX-License-Identifier: Apache-2.0
// Exports for spreadsheets: the records of a programme (a column per item),
// the hazard ledger, the overdue list; CSV or XLSX, for the account's
// districts or one of them. The server writes the file (the same as
// `fieldcheck-server export`) and the browser downloads it.
import { query } from "./api.js";
import { t, current } from "./i18n.js";
import { el, select } from "./ui.js";
import { districtOptions } from "./records.js";

export async function render(page, params, me) {
  const form = el("form", { class: "filters", id: "export-form" },
    el("label", {}, t("What"), select("what", [["records", t("Records")], ["hazards", t("Hazard ledger")], ["overdue", t("Overdue households")]], params.get("what") || "records")),
    el("label", {}, t("Programme"), select("programme", [["", ""], ...["gas", "selfbuilt", "rural"].map((p) => [p, t(p)])], params.get("programme") || "")),
    el("label", {}, t("District"), select("district", districtOptions(me), params.get("district") || "")),
    el("label", {}, t("Format"), select("format", [["xlsx", "XLSX"], ["csv", "CSV"]], params.get("format") || "xlsx")),
    el("label", {}, t("Item codes instead of labels"), el("input", { type: "checkbox", name: "codes" })));
  const link = el("a", { id: "export-link", class: "button", download: "" }, t("Export"));
  const update = () => {
    link.href = "api/export" + query({ what: form.what.value, programme: form.programme.value,
      district: form.district.value, format: form.format.value, codes: form.codes.checked ? "1" : "",
      lang: current() });
  };
  form.addEventListener("change", update);
  form.addEventListener("submit", (ev) => ev.preventDefault());
  update();
  page.replaceChildren(el("h2", {}, t("Exports")), form, el("p", {}, link));
}
