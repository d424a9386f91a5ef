// SPDX-License-Identifier: Apache-2.0
// The console's start: language, session, then the page the URL's hash
// names (#overview, #hazards?district=D1, #record?id=...). Every page reads
// its data from /console/api/, which answers only for the account's
// districts; a page shows the server's refusal as it is, in the page's
// language (server/console-errors.c).
import * as api from "./api.js";
import * as i18n from "./i18n.js";
import { el, forbidden } from "./ui.js";
import * as overview from "./overview.js";
import * as hazards from "./hazards.js";
import * as households from "./households.js";
import * as records from "./records.js";
import * as inspectors from "./inspectors.js";
import * as exportsPage from "./exports.js";
import * as reviews from "./reviews.js";
import * as warnings from "./warnings.js";
import * as notice from "./notice.js";

const pages = {
  overview: overview.render,
  hazards: hazards.render,
  households: households.render,
  household: households.renderOne,
  records: records.render,
  record: records.renderOne,
  inspectors: inspectors.render,
  exports: exportsPage.render,
  reviews: reviews.render,
  warnings: warnings.render,
  notice: notice.render,
};

let me = null;

function route() {
  const hash = location.hash.replace(/^#/, "") || "overview";
  const [name, q] = hash.split("?");
  return { name: pages[name] ? name : "overview", params: new URLSearchParams(q || "") };
}

async function show() {
  const page = document.getElementById("page");
  const { name, params } = route();
  for (const a of document.querySelectorAll("nav a"))
    a.classList.toggle("active", a.getAttribute("href") === "#" + name);
  page.replaceChildren(el("p", {}, i18n.t("Loading…")));
  try {
    await pages[name](page, params, me);
    page.dataset.page = name;
  } catch (err) {
    if (err.status === 401) return loggedOut();
    forbidden(page, err);
    page.dataset.page = name;
  }
}

function loggedOut() {
  me = null;
  document.getElementById("nav").hidden = true;
  document.getElementById("logout").hidden = true;
  document.getElementById("who").textContent = "";
  document.getElementById("page").replaceChildren();
  document.getElementById("login").hidden = false;
}

function loggedIn(account) {
  me = account;
  api.setCsrf(account.csrf);
  document.getElementById("login").hidden = true;
  document.getElementById("nav").hidden = false;
  document.getElementById("logout").hidden = false;
  document.getElementById("who").textContent = account.name + " (" + account.districts + ")";
  show();
}

async function login(ev) {
  ev.preventDefault();
  const form = ev.target;
  const msg = document.getElementById("login-error");
  msg.textContent = "";
  try {
    loggedIn(await api.post("login", { name: form.name.value, password: form.password.value }));
    form.password.value = "";
  } catch (err) {
    msg.textContent = err.message; // the server's words, in the page's language
  }
}

async function logout() {
  try {
    await api.post("logout");
  } finally {
    loggedOut();
  }
}

async function switchLanguage() {
  const next = i18n.current() === "en" ? "zh" : "en";
  localStorage.setItem("fc-lang", next);
  await setLanguage(next);
  if (me) show();
}

async function setLanguage(choice) {
  const lang = await i18n.load(choice);
  i18n.translatePage();
  document.getElementById("lang").textContent = lang === "en" ? "中文" : "English";
}

async function start() {
  await setLanguage(localStorage.getItem("fc-lang") || "");
  document.getElementById("login").addEventListener("submit", login);
  document.getElementById("logout").addEventListener("click", logout);
  document.getElementById("lang").addEventListener("click", switchLanguage);
  window.addEventListener("hashchange", () => me && show());
  try {
    loggedIn(await api.get("me"));
  } catch (err) {
    loggedOut();
  }
}

start();
