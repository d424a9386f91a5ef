// SPDX-License-Identifier: Apache-2.0
// The console's words: the server's catalogue (po/zh_CN.po, the programs'
// own) through /console/api/strings. Chinese unless the browser prefers
// English or the user switched; the switch is remembered in this browser.
let words = {};
let lang = "zh";

export async function load(choice) {
  const q = choice ? "?lang=" + choice : "";
  const res = await fetch("api/strings" + q, { credentials: "same-origin" });
  const data = await res.json();
  words = data.strings || {};
  lang = data.lang;
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  return lang;
}

export const t = (s) => words[s] || s;
export const current = () => lang;

// Label from a template's {zh, en} pair in the page's language.
export const pick = (label) => (label ? (lang === "en" ? label.en || label.zh : label.zh || label.en) : "");

export function translatePage(root = document) {
  for (const el of root.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
}
