// SPDX-License-Identifier: Apache-2.0
// Small builders for the pages. Text always goes in as text (never as HTML),
// so nothing a device wrote can become markup here.
import { t } from "./i18n.js";

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

// A table: columns [{key, label, num, render}], rows of objects.
export function table(columns, rows, id) {
  const head = el("tr", {}, ...columns.map((c) => el("th", {}, t(c.label))));
  const body = rows.map((r) =>
    el("tr", {}, ...columns.map((c) => {
      const v = c.render ? c.render(r) : r[c.key];
      return el("td", c.num ? { class: "num" } : {}, v === undefined ? "" : v);
    })));
  const tb = el("table", id ? { id } : {}, el("thead", {}, head), el("tbody", {}, ...body));
  if (rows.length === 0) tb.append(el("tbody", {}, el("tr", {}, el("td", { colspan: String(columns.length) }, t("No rows.")))));
  return tb;
}

export const link = (href, text) => el("a", { href }, text);

export function card(label, n, alarm) {
  return el("div", { class: alarm ? "card alarm" : "card" }, el("div", {}, t(label)), el("div", { class: "n" }, String(n)));
}

// A select of options [[value, label]], with the current value chosen.
export function select(name, options, value) {
  const s = el("select", { name });
  for (const [v, label] of options) {
    const o = el("option", { value: v }, label);
    if (v === value) o.selected = true;
    s.append(o);
  }
  return s;
}

export function forbidden(page, err) {
  // The server's message names what was refused (the district, the record), in the page's language.
  page.replaceChildren(el("p", { class: "forbidden", id: "forbidden" }, err.message));
}

// An instant (a sync, a warning) in the browser's local time, the city's zone like the
// server's days: a sync at 04:40 Beijing time reads as that day's, the day the overview
// counts it under, not as 20:40 the UTC day before.
export function date(unix) {
  if (!unix) return "";
  const d = new Date(unix * 1000), p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
