// SPDX-License-Identifier: Apache-2.0
// Calls to /console/api/: JSON in and out, the session's CSRF token on every
// state-changing call. A 401 sends the page back to the login form. Every
// call names the page's language, so the server's refusals (the "error" of
// its answer) come in the words the page shows.
import { current } from "./i18n.js";

let csrf = "";

export function setCsrf(token) {
  csrf = token || "";
}

export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code || "";
  }
}

export async function call(method, path, body) {
  const lang = current() === "en" ? "en" : "zh-CN";
  const opts = { method, headers: { "Accept-Language": lang }, credentials: "same-origin" };
  if (method !== "GET") opts.headers["X-CSRF-Token"] = csrf;
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const res = await fetch("api/" + path, opts);
  let data = {};
  try {
    data = await res.json();
  } catch (e) {
    data = { error: res.statusText };
  }
  if (!res.ok) throw new ApiError(res.status, data.error || res.statusText, data.code);
  return data;
}

export const get = (path) => call("GET", path);
export const post = (path, body) => call("POST", path, body);

// A query string from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? "?" + s : "";
}
