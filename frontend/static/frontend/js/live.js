// The live connection: one websocket per page, authenticated by the session cookie
// (protocol: docs/realtime.md).
//
// The page declares what it follows on <main data-live-topics="community:4"
// data-live-cursor="812">: the topics, and the newest activity id it was rendered
// with. After every hello (reconnects included) the socket subscribes to them,
// then catches up over REST on what happened since the cursor; it pings every 25 s
// and reconnects with exponential backoff and jitter.
//
// Each message reaches the page as a DOM event "bridge:<type>" (bridge:hello,
// bridge:activity, bridge:notifications.unread, bridge:presence, ...; see
// live-page.js). Activities may arrive twice or out of order (the socket and the
// catch-up overlap; parallel workers push them): each is handed on once, by id.
(function () {
  "use strict";

  // A server-rendered fragment, for the page scripts (live-page.js, live-ideas.js,
  // live-idea-flow.js): {content} when it came, {gone: true} for a 404 (hidden from
  // the reader, or deleted), {} when it could not be read (offline, a server error,
  // a session that expired and redirects to sign-in).
  window.bridgeFragment = async function fragment(url) {
    let response;
    try {
      response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
    } catch {
      return {};
    }
    if (response.status === 404) return { gone: true };
    if (!response.ok || response.redirected) return {};
    const template = document.createElement("template");
    template.innerHTML = await response.text();
    return { content: template.content };
  };

  const indicator = document.querySelector("[data-live-status]");
  if (!indicator || !("WebSocket" in window)) return;
  const label = indicator.querySelector("[data-live-label]");
  const announcer = indicator.querySelector("[data-live-announce]");
  const declared = document.querySelector("[data-live-topics]");
  const topics = declared ? declared.dataset.liveTopics.split(/\s+/).filter(Boolean) : [];

  const LABELS = { connecting: "Connecting…", live: "Live", offline: "Offline — retrying" };
  const PING_MS = 25000; // the server counts three missed pings as gone
  const SEEN_MAX = 2000; // activity ids remembered against duplicates
  const OVERLAP_SECONDS = 15; // re-read before the cursor: ids can commit late
  const CATCH_UP_PAGE = 200;

  const seen = new Set();
  // The catch-up cursor: the newest activity id the page has taken in.
  let lastSeenId = declared && declared.dataset.liveCursor ? Number(declared.dataset.liveCursor) : null;
  let attempt = 0;
  let pinger = null;
  let leaving = false; // the page is being left: a closing socket is no outage
  let ended = false; // the session ended: never reconnect
  let lost = false;
  let catching = Promise.resolve();

  function setStatus(status) {
    indicator.dataset.liveStatus = status;
    indicator.title = `Live updates: ${LABELS[status].toLowerCase()}`;
    if (label) label.textContent = LABELS[status];
    // Announced: only losing the connection and getting it back, not every page load.
    if (status === "offline" && !lost) {
      lost = true;
      announce("Live updates lost. Reconnecting.");
    } else if (status === "live" && lost) {
      lost = false;
      announce("Live updates are back.");
    }
  }

  function announce(text) {
    if (announcer) announcer.textContent = text;
  }

  function emit(type, detail) {
    document.dispatchEvent(new CustomEvent(`bridge:${type}`, { detail }));
  }

  function send(socket, message) {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  // Hands an activity on once, whatever order and however often it arrives.
  function onActivity(event) {
    if (typeof event.id !== "number" || seen.has(event.id)) return;
    seen.add(event.id);
    if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value); // the oldest
    if (lastSeenId === null || event.id > lastSeenId) lastSeenId = event.id;
    emit("activity", event);
  }

  // What the page missed: the channel layer is at-most-once. The first page also
  // re-reads OVERLAP_SECONDS before the cursor (an id allocated before ours may
  // commit after it); the ids already seen are dropped.
  async function readMissed() {
    let after = lastSeenId;
    for (let first = true; ; first = false) {
      const overlap = first ? `&overlap=${OVERLAP_SECONDS}` : "";
      let page;
      try {
        const response = await fetch(
          `/api/v1/activity/?after=${after}&limit=${CATCH_UP_PAGE}${overlap}`,
          { credentials: "same-origin", headers: { Accept: "application/json" } },
        );
        if (!response.ok) return;
        page = await response.json();
      } catch {
        return; // the next reconnect tries again
      }
      page.results.forEach(onActivity);
      // The next page starts after the newest id of this one, which the server
      // gives as `cursor`: results may skip what it dropped (activities about a post
      // the reader may no longer read).
      if (!page.has_more || (!first && page.cursor <= after)) return;
      after = page.cursor;
    }
  }

  function catchUp() {
    if (lastSeenId === null || !topics.length) return;
    catching = catching.then(readMissed).catch(() => {}); // one at a time
  }

  function connect() {
    if (ended) return;
    if (!lost) setStatus("connecting");
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}${indicator.dataset.liveUrl}`);
    // Catch up once every topic is followed: nothing can then fall in between.
    let awaiting = new Set();

    function answered(topic) {
      if (!awaiting.delete(topic) || awaiting.size) return;
      catchUp();
    }

    socket.addEventListener("message", (message) => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      if (!data || typeof data.type !== "string") return;
      if (data.type === "hello") {
        attempt = 0;
        setStatus("live");
        awaiting = new Set(topics);
        topics.forEach((topic) => send(socket, { type: "subscribe", topic }));
        clearInterval(pinger);
        pinger = setInterval(() => send(socket, { type: "ping" }), PING_MS);
        emit("hello", data);
      } else if (data.type === "activity") {
        onActivity(data);
      } else if (data.type === "session.ended") {
        ended = true;
        location.assign(indicator.dataset.liveSignedOut);
      } else {
        if (data.type === "subscribed" || data.type === "error") answered(data.topic);
        emit(data.type, data);
      }
    });
    socket.addEventListener("close", () => {
      clearInterval(pinger);
      if (ended || leaving) return;
      setStatus("offline");
      attempt += 1;
      const ceiling = Math.min(30000, 1000 * 2 ** attempt);
      setTimeout(connect, ceiling / 2 + Math.random() * (ceiling / 2));
    });
  }

  window.addEventListener("pagehide", () => {
    leaving = true;
  });
  window.addEventListener("pageshow", (event) => {
    // Back from the back/forward cache: its socket was closed meanwhile.
    if (!event.persisted) return;
    leaving = false;
    connect();
  });

  connect();
})();
