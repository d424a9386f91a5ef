// SPDX-License-Identifier: Apache-2.0
// A record's printable notice (docs/notice.md): the rectification notice
// (隐患整改通知书) or nobody-home notice (到访不遇通知单) on A4, in Chinese
// whatever the console's language (the paper is for the household), with
// the QR code of this server's /verify/ page. The browser's print (the
// button, or Ctrl+P) prints it alone: console.css hides the rest for print,
// and "Save as PDF" gives the PDF.
import { get, query } from "./api.js";
import { t } from "./i18n.js";
import { el, link } from "./ui.js";

const SVG = "http://www.w3.org/2000/svg";

// The QR code as SVG squares, with the four-module quiet zone readers need.
function qrSvg(qr) {
  const n = qr.width + 8;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 " + n + " " + n);
  svg.setAttribute("id", "notice-qr");
  svg.setAttribute("shape-rendering", "crispEdges");
  const bg = document.createElementNS(SVG, "rect");
  for (const [k, v] of [["width", n], ["height", n], ["fill", "#fff"]]) bg.setAttribute(k, v);
  svg.append(bg);
  qr.rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (row[x] !== "1") continue;
      const r = document.createElementNS(SVG, "rect");
      for (const [k, v] of [["x", x + 4], ["y", y + 4], ["width", 1], ["height", 1], ["fill", "#000"]]) r.setAttribute(k, v);
      svg.append(r);
    }
  });
  return svg;
}

const line = (label, value) => el("p", { class: "notice-line" }, label + "：", value);

function hazards(n) {
  return (n.hazards || []).map((h, i) => el("div", { class: "notice-hazard" },
    el("p", {}, (i + 1) + ". " + h.label + "（" + h.severity + "）"),
    h.action ? el("p", { class: "indent notice-action" }, h.action) : null,
    h.note ? el("p", { class: "indent" }, h.note) : null,
    h.clause ? el("p", { class: "indent" }, "依据：" + h.clause) : null,
    el("p", { class: "indent" }, "整改期限：" + h.deadline)));
}

export async function render(page, params) {
  const id = params.get("id") || "";
  const { notice: n } = await get("notice" + query({ id }));
  const rectify = n.kind === "rectification";
  const paper = el("article", { id: "notice", class: "notice" },
    el("h2", { id: "notice-title" }, rectify ? "隐患整改通知书" : "到访不遇通知单"),
    line("编号", n.number),
    line("住户", [n.household, n.address, n.resident].filter(Boolean).join(" ")),
    ...(rectify
      ? [el("p", {}, "经安全检查，发现下列隐患，请在期限内整改：", el("strong", {}, n.deadline ? "（最早 " + n.deadline + "）" : "")), ...hazards(n)]
      : [el("p", {}, "您好！检查员于 " + n.time.slice(0, 16).replace("T", " ") + " 到访进行安全检查，家中无人。请与检查单位联系，预约入户安全检查。")]),
    line("检查员编号", n.inspector),
    line("时间", n.time),
    el("div", { class: "notice-verify" }, n.qr ? qrSvg(n.qr) : null,
      el("p", { class: "small" }, "扫描二维码或访问下列网址可核验本通知：核验只显示记录类型、日期、检查员编号、辖区和通知编号，不显示住户信息。",
        el("br"), el("span", { id: "notice-url" }, n.url))));
  page.replaceChildren(
    el("p", { class: "no-print" }, link("#record?id=" + encodeURIComponent(n.record), t("Back")), " ",
      el("button", { type: "button", id: "notice-print", onclick: () => window.print() }, t("Print"))),
    paper);
}
