// The live connection: one websocket per page, authenticated by the session cookie.
// It reconnects with exponential backoff and jitter, remembers the last activity id
// it saw (so a catch-up request can resume from there), and shows each event as a
// toast. Events are at-most-once: the id lets the page detect and fill gaps.
(function () {
  "use strict";

  const indicator = document.querySelector("[data-live-status]");
  if (!indicator || !("WebSocket" in window)) return;
  const label = indicator.querySelector("[data-live-label]");
  const toasts = document.getElementById("toasts");
  const LABELS = { connecting: "Connecting…", live: "Live", offline: "Offline — retrying" };
  const VERBS = {
    "community.created": "created a community",
    "membership.added": "joined a community",
  };

  let attempt = 0;
  let lastSeenId = Number(sessionStorage.getItem("bridge.lastActivityId") || 0);

  function setStatus(status) {
    indicator.dataset.liveStatus = status;
    if (label) label.textContent = LABELS[status];
  }

  function toast(text) {
    if (!toasts) return;
    const item = document.createElement("div");
    item.className = "toast";
    item.textContent = text;
    toasts.appendChild(item);
    setTimeout(() => item.remove(), 6000);
  }

  // Applies an event once; true when it was new. Caught-up events are applied
  // quietly: one summary toast instead of one per event.
  function onEvent(event, quiet = false) {
    if (event.type !== "activity" || event.id <= lastSeenId) return false;
    lastSeenId = event.id;
    sessionStorage.setItem("bridge.lastActivityId", String(lastSeenId));
    const who = event.actor ? event.actor.name : "Someone";
    if (!quiet) toast(`${who} ${VERBS[event.verb] || event.verb.replace(".", " ")}`);
    document.dispatchEvent(new CustomEvent("bridge:activity", { detail: event }));
    return true;
  }

  // After a reconnect the socket has missed whatever happened meanwhile (the
  // channel layer is at-most-once): ask the catch-up stream for it, page by page.
  async function catchUp() {
    if (!lastSeenId) return;
    let missed = 0;
    for (let more = true; more; ) {
      let page;
      try {
        const response = await fetch(`/api/v1/activity/?after=${lastSeenId}&limit=200`, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return;
        page = await response.json();
      } catch {
        return;
      }
      page.results.forEach((event) => {
        if (onEvent(event, true)) missed += 1;
      });
      more = page.has_more && page.results.length > 0;
    }
    if (missed) toast(`${missed} update${missed === 1 ? "" : "s"} while you were away`);
  }

  function connect() {
    setStatus("connecting");
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}${indicator.dataset.liveUrl}`);
    socket.addEventListener("open", () => {
      attempt = 0;
    });
    socket.addEventListener("message", (message) => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      if (data.type === "hello") {
        setStatus("live");
        catchUp();
      } else onEvent(data);
    });
    socket.addEventListener("close", () => {
      setStatus("offline");
      attempt += 1;
      const ceiling = Math.min(30000, 1000 * 2 ** attempt);
      setTimeout(connect, ceiling / 2 + Math.random() * (ceiling / 2));
    });
  }

  connect();
})();
