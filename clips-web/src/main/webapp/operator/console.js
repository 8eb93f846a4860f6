// Clips' operator console: a page of the public API and nothing else. Every value shown comes
// from the API and is put into the page as text (textContent), never as markup: titles, file
// names and error texts are user input.
"use strict";

const API = "/api/v1";
const TOKEN = "clips.console.token";
const view = () => document.getElementById("view");
let refresh = null;
let shown = null; // the route the view shows; another one clears it, so nothing stale stands under a new address

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child == null ? "" : String(child)));
  }
  return node;
}

function text(value) {
  if (value == null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

async function api(path, options = {}) {
  const headers = { Accept: "application/json", ...(options.headers || {}) };
  const token = sessionStorage.getItem(TOKEN);
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch(API + path, { ...options, headers });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN);
    showSignIn("Your session ended; sign in again.");
    throw new Error("signed out");
  }
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json() : null;
  if (!response.ok) {
    throw new Error((body && (body.detail || body.title)) || "HTTP " + response.status);
  }
  return body;
}

function table(rows, columns, link) {
  if (!rows || rows.length === 0) return el("p", {}, "Nothing here.");
  const head = el("tr", {}, ...columns.map((c) => el("th", {}, c)));
  const body = rows.map((row) =>
    el("tr", { "data-id": text(row.id ?? row.clientId ?? row.messageId ?? "") },
      ...columns.map((c, i) => {
        const value = text(row[c]);
        const cell = el("td", c === "status" || c === "assetStatus" ? { class: "status-" + value } : {});
        if (i === 0 && link) cell.append(el("a", { href: link(row) }, value));
        else cell.append(value);
        return cell;
      })));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...body));
}

// a width set through the CSSOM: the CSP allows no inline style attribute
function bar(pixels) {
  const node = el("span", { class: "bar" });
  node.style.width = pixels + "px";
  return node;
}

function failure(error) {
  return el("p", { class: "error", role: "alert" }, error.message);
}

async function dashboard() {
  const jobs = await api("/jobs?pageSize=100");
  const since = Date.now() - 24 * 3600 * 1000;
  const counts = {};
  for (const job of jobs.items) {
    if (Date.parse(job.startedAt) >= since) counts[job.status] = (counts[job.status] || 0) + 1;
  }
  let deadLetters = "–";
  try {
    deadLetters = (await api("/admin/dead-letters?pageSize=100")).length;
  } catch (e) {
    deadLetters = "–";
  }
  const max = Math.max(1, ...Object.values(counts));
  const chart = el("table", { id: "runs-by-state" }, el("tr", {}, el("th", {}, "state"), el("th", {}, "runs (24 h)")),
    ...Object.entries(counts).map(([state, n]) =>
      el("tr", {}, el("td", { class: "status-" + state }, state),
        el("td", {}, bar(Math.round((200 * n) / max)), " " + n))));
  const tenants = await api("/tenants").catch(() => []);
  view().replaceChildren(
    el("h1", {}, "Dashboard"),
    el("div", { class: "cards" },
      el("div", { class: "card" }, el("b", { id: "failed-count" }, counts.FAILED || 0), "failed runs (24 h)"),
      el("div", { class: "card" }, el("b", {}, counts.STARTED || 0), "running"),
      el("div", { class: "card" }, el("b", { id: "dead-letter-count" }, deadLetters), "dead letters")),
    el("h2", {}, "Runs that need an operator"),
    el("div", { id: "attention" }, table(jobs.items.filter((j) => ["FAILED", "STOPPED"].includes(j.status)).slice(0, 20),
      ["id", "status", "assetId", "currentStep", "startedAt", "lastError"], (row) => "#/jobs/" + row.id)),
    el("h2", {}, "Runs by state, last 24 hours (newest 100 runs)"), chart,
    el("h2", {}, "Tenants: quotas and usage"),
    table(tenants.map((t) => ({ id: t.id, status: t.status, quotas: t.quotas, usage: t.usage })),
      ["id", "status", "quotas", "usage"]));
}

async function jobs(params) {
  const query = new URLSearchParams({ pageSize: "50" });
  if (params.get("status")) query.set("status", params.get("status"));
  const page = await api("/jobs?" + query);
  const filter = el("form", { id: "job-filter", onsubmit: (e) => {
    e.preventDefault();
    const status = e.target.elements.status.value;
    location.hash = "#/jobs" + (status ? "?status=" + encodeURIComponent(status) : "");
  } }, el("label", {}, "Status ",
    el("select", { name: "status" }, ...["", "STARTED", "COMPLETED", "FAILED", "STOPPED", "ABANDONED"].map((s) => {
      const option = el("option", { value: s }, s || "any");
      if (s === (params.get("status") || "")) option.selected = true;
      return option;
    }))), el("button", { type: "submit" }, "Filter"));
  view().replaceChildren(el("h1", {}, "Jobs"), filter, el("p", {}, page.total + " in all"),
    table(page.items, ["id", "status", "assetId", "currentStep", "attempt", "node", "startedAt", "lastError"],
      (row) => "#/jobs/" + row.id));
}

async function job(id) {
  const detail = await api("/jobs/" + encodeURIComponent(id));
  const status = el("p", {}, "Status: ",
    el("span", { id: "job-status", class: "status-" + detail.status, "data-job": text(detail.id) }, detail.status),
    " · asset ", el("a", { href: "#/assets?id=" + encodeURIComponent(detail.assetId) }, text(detail.assetId)),
    " (", el("span", { id: "asset-status" }, detail.assetStatus), ")",
    " · attempt " + text(detail.attempt) + " · node " + text(detail.node) + " · " + text(detail.percentDone) + " % done");
  const actions = el("p", {},
    el("button", { id: "restart", type: "button", onclick: () => act(id, "restart") }, "Restart"),
    el("button", { id: "stop", type: "button", onclick: () => act(id, "stop") }, "Stop"));
  const fields = Object.entries(detail).filter(([k]) => !["steps", "renditions"].includes(k))
    .map(([k, v]) => ({ field: k, value: v }));
  view().replaceChildren(el("h1", {}, "Job " + id), status, actions,
    detail.lastError ? el("p", { id: "job-error", class: "error" }, detail.lastError) : "",
    el("h2", {}, "Steps"), table(detail.steps, ["name", "status", "exitStatus", "startedAt", "endedAt"]),
    el("h2", {}, "Renditions"),
    el("div", { id: "renditions" }, table(detail.renditions, Object.keys((detail.renditions || [])[0] || { name: 1 }))),
    el("h2", {}, "Everything the API says"), table(fields, ["field", "value"]));
  if (["STARTING", "STARTED", "STOPPING"].includes(detail.status)) refresh = setTimeout(route, 2000);
}

async function act(id, action) {
  try {
    const answer = await api("/jobs/" + encodeURIComponent(id) + "/" + action, { method: "POST" });
    location.hash = answer && answer.id && String(answer.id) !== String(id) ? "#/jobs/" + answer.id : "#/jobs/" + id;
    route();
  } catch (e) {
    view().prepend(failure(e));
  }
}

async function deadLetters() {
  const letters = await api("/admin/dead-letters?pageSize=100");
  const rows = letters.map((letter) => ({ ...letter }));
  const list = table(rows, Object.keys(rows[0] || { messageId: 1 }));
  for (const tr of list.querySelectorAll("tbody tr")) {
    const messageId = tr.getAttribute("data-id");
    tr.append(el("td", {},
      el("button", { type: "button", onclick: () => letter(messageId, "replay") }, "Replay"),
      el("button", { type: "button", onclick: () => letter(messageId, "discard") }, "Discard")));
  }
  view().replaceChildren(el("h1", {}, "Dead letters"), list);
}

async function letter(messageId, action) {
  const path = "/admin/dead-letters/" + encodeURIComponent(messageId) + (action === "replay" ? "/replay" : "");
  await api(path, { method: action === "replay" ? "POST" : "DELETE" }).catch((e) => view().prepend(failure(e)));
  route();
}

async function assets(params) {
  if (params.get("id")) {
    const asset = await api("/assets/" + encodeURIComponent(params.get("id")));
    const fields = Object.entries(asset).map(([k, v]) => ({ field: k, value: v }));
    const watch = asset.playbackIds && asset.playbackIds[0] && asset.playbackIds[0].watchUrl;
    view().replaceChildren(el("h1", { id: "asset-title" }, text(asset.title || asset.id)),
      watch ? el("p", {}, el("a", { href: watch, target: "_blank", rel: "noopener" }, "Open the player")) : "",
      table(fields, ["field", "value"]));
    return;
  }
  const page = await api("/assets?pageSize=50");
  view().replaceChildren(el("h1", {}, "Assets"),
    table(page.items, ["id", "title", "status", "fileName", "createdAt"], (row) => "#/assets?id=" + row.id));
}

async function listing(title, path, pick) {
  const answer = await api(path);
  const rows = pick(answer);
  view().replaceChildren(el("h1", {}, title), table(rows, Object.keys(rows[0] || { id: 1 })));
}

const ROUTES = {
  dashboard: () => dashboard(),
  jobs: (rest, params) => (rest ? job(rest) : jobs(params)),
  "dead-letters": () => deadLetters(),
  assets: (rest, params) => assets(params),
  tenants: () => listing("Tenants", "/tenants", (t) => t),
  clients: () => listing("API clients", "/admin/clients", (c) => c),
  audit: () => listing("Audit log", "/admin/audit?pageSize=100", (a) => a.items),
};

async function route() {
  clearTimeout(refresh);
  if (!sessionStorage.getItem(TOKEN)) return showSignIn();
  document.getElementById("sign-in").hidden = true;
  document.getElementById("nav").hidden = false;
  const [path, query] = (location.hash.slice(2) || "dashboard").split("?");
  const [name, rest] = path.split(/\/(.*)/);
  const params = new URLSearchParams(query || "");
  if (shown !== location.hash) {
    shown = location.hash;
    view().replaceChildren(el("p", { class: "loading" }, "Loading…"));
  }
  try {
    await (ROUTES[name] || ROUTES.dashboard)(rest, params);
  } catch (e) {
    if (e.message !== "signed out") view().replaceChildren(failure(e));
  }
}

function showSignIn(message) {
  document.getElementById("nav").hidden = true;
  document.getElementById("sign-in").hidden = false;
  document.getElementById("sign-in-error").textContent = message || "";
  view().replaceChildren();
}

async function signIn(event) {
  event.preventDefault();
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: document.getElementById("client-id").value,
    client_secret: document.getElementById("client-secret").value,
  });
  const response = await fetch(API + "/auth/token", { method: "POST", body: form,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    document.getElementById("sign-in-error").textContent = body.detail || "Sign-in refused.";
    return;
  }
  sessionStorage.setItem(TOKEN, body.access_token);
  route();
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("sign-in").addEventListener("submit", signIn);
  document.getElementById("sign-out").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN);
    showSignIn();
  });
  window.addEventListener("hashchange", route);
  route();
});
