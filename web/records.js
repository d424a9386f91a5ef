// SPDX-License-Identifier: Apache-2.0
// Records: the list, and one record with the template's labels, its photos
// (those taken on an item beside it, in the answers and hazards tables),
// its proof (signature, hash, chain position, device), follow-ups and the
// record it corrects or follows; its reviews and the form to review it
// (reviews.js).
import { get, query } from "./api.js";
import { t, pick } from "./i18n.js";
import { el, table, link, select, date } from "./ui.js";
import { reviewState, panel as reviewPanel } from "./reviews.js";

const recLink = (r) => link("#record?id=" + encodeURIComponent(r.id), r.id);
export const recordColumns = [
  { key: "id", label: "Record", render: recLink },
  { key: "day", label: "Day" },
  { key: "type", label: "Type", render: (r) => t(r.type) },
  { key: "household", label: "Household", render: (r) => r.household ? link("#household?id=" + encodeURIComponent(r.household), r.household) : "" },
  { key: "template", label: "Programme" },
  { key: "outcome", label: "Outcome" },
  { key: "grade", label: "Grade" },
  { key: "inspector", label: "Inspector" },
  { key: "district", label: "District" },
  { key: "review", label: "Review", render: (r) => reviewState(r.review, r.review_answered_by) },
];

export function districtOptions(me) {
  const opts = [["", t("All my districts")]];
  if (me && me.districts !== "*") for (const d of me.districts.split(",")) opts.push([d, d]);
  return opts;
}

export async function render(page, params, me) {
  const filter = { district: params.get("district") || "", type: params.get("type") || "" };
  const data = await get("records" + query(filter));
  const form = el("form", { class: "filters", id: "records-filter" },
    el("label", {}, t("District"), select("district", districtOptions(me), filter.district)),
    el("label", {}, t("Type"), select("type", [["", ""], ["inspection", t("inspection")], ["visit", t("visit")], ["followup", t("followup")], ["correction", t("correction")]], filter.type)),
    el("button", { type: "submit" }, t("Filter")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = "records" + query({ district: form.district.value, type: form.type.value });
  });
  page.replaceChildren(el("h2", {}, t("Records")), form, table(recordColumns, data.records, "records-table"));
}

function answerText(value, label) {
  const opts = (label && label.options) || {};
  const one = (v) => (opts[v] ? pick(opts[v]) : typeof v === "object" ? JSON.stringify(v) : t(String(v)));
  return Array.isArray(value) ? value.map(one).join(", ") : one(value);
}

// Photos taken on an item (the body's "evidence"), each served by its hash through this record.
function evidence(r, item) {
  const ev = ((r.parsed && r.parsed.evidence) || {})[item] || [];
  return el("span", { class: "evidence" }, ...ev.map((p) =>
    el("img", { class: "photo", alt: p.file, title: p.file, src: "api/photo/" + encodeURIComponent(p.hash) + "?record=" + encodeURIComponent(r.id) })));
}

// A record that is no longer its original's current version says so at the top.
function currentOf(r) {
  const me = (r.versions || []).find((v) => v.id === r.id);
  if (!me || me.current === r.id) return [];
  return [{ k: t("Corrected by"), v: link("#record?id=" + encodeURIComponent(me.current), me.current) }];
}

// The original of a record's versions: the one listed first by the server.
const versionRoot = (r) => ((r.versions || [])[0] || {}).id;

export async function renderOne(page, params) {
  const id = params.get("id") || "";
  const { record: r } = await get("record" + query({ id }));
  const labels = r.labels || {};
  const answers = (r.parsed && r.parsed.answers) || {};
  // Every answered item, and any item with photos on it but no answer.
  const items = [...new Set([...Object.keys(answers), ...Object.keys((r.parsed && r.parsed.evidence) || {})])];
  const rows = items.map((k) => ({ item: k, q: labels[k] ? pick(labels[k].label) : k, a: k in answers ? answerText(answers[k], labels[k]) : "" }));
  const hazards = ((r.parsed && r.parsed.hazards) || []).map((h) => ({ ...h, label: labels[h.item] ? pick(labels[h.item].label) : h.item }));
  const proof = [
    { k: t("Device"), v: r.device }, { k: t("Chain position"), v: String(r.seq) },
    { k: t("Signature"), v: r.signature }, { k: t("Hash"), v: r.hash },
    { k: t("Inspector"), v: r.inspector }, { k: t("Last sync"), v: date(r.received_at) },
  ];
  const photos = el("div", { id: "photos" }, ...r.photos.map((p) =>
    el("img", { class: "photo", alt: p.hash, src: "api/photo/" + p.hash + "?record=" + encodeURIComponent(r.id) })));
  // A record that found hazards, or nobody home, gives the household a notice to print.
  const gives = Boolean(r.notice);
  page.replaceChildren(
    el("h2", { id: "record-title" }, t("Record"), " ", r.id, " — ", labels[""] ? pick(labels[""].label) : r.template),
    gives ? el("p", {}, link("#notice?id=" + encodeURIComponent(r.id), t("Print notice"))) : null,
    table([{ key: "k", label: "Item" }, { key: "v", label: "Answer" }], [
      { k: t("Household"), v: r.household }, { k: t("Day"), v: r.day }, { k: t("Type"), v: t(r.type) },
      { k: t("Outcome"), v: r.outcome }, { k: t("Grade"), v: r.grade }, { k: t("District"), v: r.district },
      ...(r.corrects ? [{ k: t("Corrects"), v: link("#record?id=" + encodeURIComponent(r.corrects), r.corrects) }] : []),
      ...currentOf(r),
      ...(r.follows ? [{ k: t("Follows"), v: link("#record?id=" + encodeURIComponent(r.follows), r.follows) }] : []),
    ], "record-facts"),
    el("h3", {}, t("Answers")),
    table([{ key: "item", label: "Item" }, { key: "q", label: "Question" }, { key: "a", label: "Answer" },
      { key: "photos", label: "Photos", render: (x) => evidence(r, x.item) }], rows, "record-answers"),
    el("h3", {}, t("Hazards")),
    table([{ key: "item", label: "Item" }, { key: "label", label: "Question" }, { key: "severity", label: "Severity", render: (h) => t(h.severity) }, { key: "note", label: "Answer" },
      { key: "photos", label: "Photos", render: (h) => evidence(r, h.item) }], hazards, "record-hazards"),
    el("h3", {}, t("Photos")), photos,
    el("h3", {}, t("Verification")),
    table([{ key: "k", label: "Item" }, { key: "v", label: "Answer", render: (x) => el("span", { class: "hash" }, x.v) }], proof, "record-proof"),
    el("h3", {}, t("Corrections")),
    table([{ key: "id", label: "Record", render: (v) => v.id === r.id ? el("strong", {}, v.id) : recLink(v) },
      { key: "role", label: "Type", render: (v) => (v.id === versionRoot(r) ? t("Original") : t("correction")) },
      { key: "day", label: "Day" }, { key: "inspector", label: "Inspector" }, { key: "kind", label: "Kind", render: (v) => t(v.kind) },
      { key: "outcome", label: "Outcome" }, { key: "grade", label: "Grade" },
      { key: "current", label: "Current version", render: (v) => (v.current === v.id ? t("yes") : "") },
      { key: "conflict", label: "Conflict", render: (v) => (v.conflict ? t("yes") : "") }],
      r.versions || [], "record-versions"),
    el("h3", {}, t("Follow-ups")),
    table([{ key: "id", label: "Record", render: recLink }, { key: "day", label: "Day" }, { key: "inspector", label: "Inspector" }, { key: "outcome", label: "Outcome" }], r.followups),
    await reviewPanel(r.id, () => renderOne(page, params)),
  );
}
