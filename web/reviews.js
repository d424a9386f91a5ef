// SPDX-License-Identifier: Apache-2.0
// Reviews (docs/review.md): the list of the districts' reviews, newest
// first, filterable by state ("waiting": returns no correction has answered
// yet), and on a record's page its reviews with the form that accepts it or
// returns it with a comment. The server signs each review with its own key;
// a return reaches the inspector's device on its next sync.
import { get, post, query } from "./api.js";
import { t } from "./i18n.js";
import { el, table, link, select, date } from "./ui.js";
import { districtOptions } from "./records.js";

const recLink = (id) => (id ? link("#record?id=" + encodeURIComponent(id), id) : "");

// A review's state in words: a return the inspector answered names the correction.
export function reviewState(state, answeredBy) {
  if (!state) return "";
  if (state === "returned" && !answeredBy) return el("span", { class: "alarm-text" }, t("returned"), " · ", t("Waiting for a correction"));
  if (state === "returned") return el("span", {}, t("returned"), " → ", recLink(answeredBy));
  return t(state);
}

const columns = [
  { key: "time", label: "Time" },
  { key: "record", label: "Record", render: (v) => recLink(v.record) },
  { key: "household", label: "Household" },
  { key: "template", label: "Programme" },
  { key: "state", label: "Review", render: (v) => reviewState(v.state, v.answered_by) },
  { key: "comment", label: "Comment" },
  { key: "reviewer", label: "Reviewer" },
  { key: "inspector", label: "Inspector" },
  { key: "district", label: "District" },
];

export async function render(page, params, me) {
  const f = { district: params.get("district") || "", state: params.get("state") || "" };
  const data = await get("reviews" + query(f));
  const form = el("form", { class: "filters", id: "reviews-filter" },
    el("label", {}, t("District"), select("district", districtOptions(me), f.district)),
    el("label", {}, t("State"), select("state", [["", ""], ...["accepted", "returned", "waiting"].map((s) => [s, t(s)])], f.state)),
    el("button", { type: "submit" }, t("Filter")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = "reviews" + query({ district: form.district.value, state: form.state.value });
  });
  page.replaceChildren(el("h2", {}, t("Reviews")), form, table(columns, data.reviews, "reviews-table"));
}

// A record's reviews and the form to review it; rerender() draws the page again after one.
export async function panel(record, rerender) {
  const data = await get("reviews" + query({ record }));
  const msg = el("p", { id: "review-message", role: "alert" });
  const comment = el("textarea", { name: "comment", rows: "3", cols: "60" });
  const send = async (state) => {
    msg.className = "";
    msg.textContent = "";
    if (state === "returned" && !comment.value.trim()) {
      msg.className = "error";
      msg.textContent = t("A return needs a comment.");
      return;
    }
    try {
      await post("review", { record, state, comment: comment.value });
      await rerender();
    } catch (err) {
      msg.className = "error";
      msg.textContent = err.message;
    }
  };
  const form = el("form", { id: "review-form", class: "filters" },
    el("label", {}, t("Comment"), comment),
    el("button", { type: "button", id: "review-accept", onclick: () => send("accepted") }, t("Accept")),
    el("button", { type: "button", id: "review-return", onclick: () => send("returned") }, t("Return for correction")));
  return el("div", { id: "review-panel" },
    el("h3", {}, t("Reviews")),
    table(columns.filter((c) => c.key !== "record" && c.key !== "household" && c.key !== "template"), data.reviews, "record-reviews"),
    el("h3", {}, t("Review this record")), form, msg);
}
