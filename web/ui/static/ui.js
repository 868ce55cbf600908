// ironbase UI: confirmation dialogs for actions, and live updates from the
// event stream. Everything it shows is HTML the server rendered (and
// escaped); it never builds markup from event data.
"use strict";
(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);

  // --- actions: confirm in a dialog, then POST with fetch ----------------
  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (!form.matches("form.act") || form.dataset.confirmed) return;
    e.preventDefault();
    confirmThen(form);
  });

  function confirmThen(form) {
    const dlg = $("#confirm");
    if (!dlg || !dlg.showModal) { form.dataset.confirmed = "1"; form.submit(); return; }
    $("#confirm-q").textContent = form.dataset.confirm || "Are you sure?";
    const wantsReason = form.hasAttribute("data-reason");
    $("#confirm-reason-row").hidden = !wantsReason;
    $("#confirm-reason").value = "";
    dlg.returnValue = "";
    dlg.onclose = () => { if (dlg.returnValue === "ok") send(form, wantsReason ? $("#confirm-reason").value : null); };
    dlg.showModal();
  }

  async function send(form, reason) {
    const body = new URLSearchParams(new FormData(form));
    body.set("confirm", "yes");
    if (reason !== null) body.set("reason", reason);
    show("Working…", false);
    try {
      const resp = await fetch(form.action, { method: "POST", body, headers: { "X-Ironbase-UI": "1" }, credentials: "same-origin" });
      const res = await resp.json();
      show(res.message || (resp.ok ? "done" : "failed"), !res.ok);
      if (res.ok) refreshSoon();
    } catch (err) {
      show("The request failed: " + err, true);
    }
  }

  function show(msg, bad) {
    const p = $("#result");
    p.textContent = msg;
    p.classList.toggle("bad", bad);
    p.hidden = false;
  }

  // --- live updates ------------------------------------------------------
  let refreshTimer = null, countsTimer = null;
  const pendingHosts = new Set();

  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshRegions, 300);
  }

  // refreshRegions re-reads this page and swaps every [data-region].
  async function refreshRegions() {
    const resp = await fetch(location.href, { credentials: "same-origin" });
    if (!resp.ok) return;
    const doc = new DOMParser().parseFromString(await resp.text(), "text/html");
    document.querySelectorAll("[data-region][id]").forEach((el) => {
      const fresh = doc.getElementById(el.id);
      if (fresh) el.innerHTML = fresh.innerHTML;
    });
    tickTimes();
  }

  async function refreshHost(name) {
    const table = $("#hosts");
    const q = table.dataset.query ? "?" + table.dataset.query : "";
    const resp = await fetch("/ui/frag/host/" + encodeURIComponent(name) + q, { credentials: "same-origin" });
    const old = document.getElementById("host-" + name);
    if (resp.status === 204) { if (old) old.remove(); return; }
    if (!resp.ok) return;
    const t = document.createElement("template");
    t.innerHTML = (await resp.text()).trim();
    const row = t.content.firstElementChild;
    if (!row) return;
    if (old) old.replaceWith(row); else table.tBodies[0].appendChild(row);
    tickTimes();
  }

  async function refreshCounts() {
    const resp = await fetch("/ui/frag/counts", { credentials: "same-origin" });
    if (!resp.ok) return;
    const t = document.createElement("template");
    t.innerHTML = (await resp.text()).trim();
    const fresh = t.content.firstElementChild;
    const old = $("#counts");
    if (fresh && old) old.replaceWith(fresh);
  }

  async function appendEvents() {
    const table = $("#events");
    const q = new URLSearchParams({ since: table.dataset.last, kind: table.dataset.kind, host: table.dataset.host });
    const resp = await fetch("/ui/frag/events?" + q, { credentials: "same-origin" });
    if (!resp.ok) return;
    const t = document.createElement("template");
    t.innerHTML = await resp.text();
    const rows = Array.from(t.content.querySelectorAll("tr"));
    if (rows.length === 0) return;
    table.dataset.last = rows[0].dataset.id;
    table.tBodies[0].prepend(...rows);
    tickTimes();
  }

  function onEvent(ev) {
    if ($("#hosts")) {
      if (ev.host) {
        pendingHosts.add(ev.host);
        setTimeout(() => { pendingHosts.forEach(refreshHost); pendingHosts.clear(); }, 200);
      }
      clearTimeout(countsTimer);
      countsTimer = setTimeout(refreshCounts, 1000);
    } else if ($("#events")) {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(appendEvents, 200);
    } else {
      refreshSoon();
    }
  }

  function follow(url) {
    const live = $("#live");
    const u = new URL(url, location.href);
    u.searchParams.set("since", document.body.dataset.since || "0");
    const es = new EventSource(u);
    const mark = (state, text) => { if (live) { live.dataset.state = state; live.textContent = text; } };
    es.onopen = () => mark("open", "live");
    es.onerror = () => mark("closed", "live: reconnecting");
    es.onmessage = (m) => { try { onEvent(JSON.parse(m.data)); } catch (err) { /* ignore a bad message */ } };
  }

  // --- relative times, as the server writes them ---------------------------
  function human(ms) {
    const neg = ms <= -1000; let s = Math.floor(Math.abs(ms) / 1000), out;
    if (s < 60) out = s + "s";
    else if (s < 3600) out = Math.floor(s / 60) + "m";
    else if (s < 172800) out = Math.floor(s / 3600) + "h" + String(Math.floor(s / 60) % 60).padStart(2, "0") + "m";
    else out = Math.floor(s / 86400) + "d" + String(Math.floor(s / 3600) % 24).padStart(2, "0") + "h";
    return (neg ? "-" : "") + out;
  }
  // skew is how far the server's clock is ahead of this browser's.
  const skew = Date.parse(document.body.dataset.now) - Date.now() || 0;
  function tickTimes() {
    const now = Date.now() + skew;
    document.querySelectorAll("time[data-since]").forEach((t) => { t.textContent = human(now - Date.parse(t.dataset.since)); });
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (document.body.dataset.live) follow(document.body.dataset.live);
    setInterval(tickTimes, 15000);
  });
})();
