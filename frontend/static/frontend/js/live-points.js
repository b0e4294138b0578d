// Points, live: when the ledger moves the reader's points it records a personal
// activity "points.<kind>" (rewards/services/ledger.py), which live.js hands on as
// bridge:activity. The event names the transfer, never its content: the page
// re-reads /rewards/points/ (the reader's own balance and history, rendered by the
// server) to update the nav's "★ 120", the blocks of /rewards/ that show them, and
// to word a toast "+10 points: <reason>" from the transfer's row. On /rewards/, a
// decision on one of my redemptions (redemption.*) re-reads that list too.
(function () {
  "use strict";

  const nav = document.querySelector("[data-points-balance]");
  const live = document.querySelector("[data-points-live]");
  if (!nav || !window.bridgeFragment || !window.bridgeToast) return;

  let reading = Promise.resolve();

  function showBalance(balance) {
    nav.setAttribute("aria-label", `Your points: ${balance}`);
    nav.querySelector("[data-points-balance-value]").textContent = balance;
  }

  function swap(content, selector) {
    const fresh = content.querySelector(selector);
    const shown = live && live.querySelector(selector);
    if (fresh && shown) shown.replaceWith(fresh);
  }

  function toastFor(row) {
    const points = Number(row.dataset.points);
    if (!points) return; // held points moving (a settlement) leave the balance alone
    const sign = points > 0 ? "+" : "−";
    const amount = Math.abs(points);
    window.bridgeToast(`${sign}${amount} point${amount === 1 ? "" : "s"}: ${row.dataset.reason}`);
  }

  async function refresh(transferId) {
    const { content } = await window.bridgeFragment("/rewards/points/");
    if (!content) return; // offline: the next event or hello reads it again
    const wallet = content.querySelector("[data-points-wallet]");
    if (wallet) showBalance(wallet.textContent.trim());
    const row = transferId && content.querySelector(`#transfer-${transferId}`);
    if (row) toastFor(row);
    swap(content, "[data-points-summary]");
    swap(content, "[data-points-history]");
  }

  function refreshSoon(transferId) {
    reading = reading.then(() => refresh(transferId)).catch(() => {}); // one at a time
  }

  // HR decided one of my redemptions: /rewards/ re-reads its list (status, note).
  async function refreshRedemptions() {
    const { content } = await window.bridgeFragment("/rewards/");
    if (content) swap(content, "[data-redemptions]");
  }

  document.addEventListener("bridge:activity", ({ detail: event }) => {
    if (typeof event.verb !== "string") return;
    if (event.verb.startsWith("points.")) refreshSoon(Number(event.object_id));
    else if (live && event.verb.startsWith("redemption.")) {
      reading = reading.then(refreshRedemptions).catch(() => {});
    }
  });
  // After each reconnect: points may have moved while the socket was away.
  let hellos = 0;
  document.addEventListener("bridge:hello", () => {
    if (hellos++ > 0) refreshSoon(null);
  });
})();
