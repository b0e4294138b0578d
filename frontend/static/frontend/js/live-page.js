// What the live connection (live.js) changes on the page: the "N new posts" bar,
// new comments, reaction and comment counts, the unread badge, who is online.
//
// Events carry ids, never content. The page fetches server-rendered fragments
// (frontend/live.py), which apply the access policy again; what comes back 404
// is hidden from the reader or gone, and leaves the page.
(function () {
  "use strict";

  const COUNTS_DEBOUNCE_MS = 300; // a burst of reactions costs one fetch per post
  const MAX_NEW_POSTS = 50; // as many cards as /posts/cards/ renders at once
  const TOAST_MS = 6000;

  let me = null; // the reader's id, from hello

  // --- Fragments -------------------------------------------------------------------

  const fragment = window.bridgeFragment; // live.js

  // Fragments arrive with htmx forms (reactions, reports): htmx binds them here.
  function activate(element) {
    if (window.htmx) window.htmx.process(element);
  }

  // --- Toasts: only what is meant for the reader personally ---------------------------

  const toasts = document.getElementById("toasts");

  function toast(text) {
    if (!toasts) return;
    const item = document.createElement("div");
    item.className = "toast";
    item.textContent = text;
    toasts.appendChild(item);
    setTimeout(() => item.remove(), TOAST_MS);
  }
  window.bridgeToast = toast; // for the other live scripts (live-points.js)

  // --- "N new posts" ---------------------------------------------------------------

  const feed = document.querySelector("[data-live-feed]");
  const bar = document.querySelector("[data-live-new-posts]");
  // "home": every community the reader is in; "community:<id>": that one.
  const feedCommunity = feed && feed.dataset.liveFeed.startsWith("community:")
    ? Number(feed.dataset.liveFeed.split(":")[1])
    : null;
  const onHome = Boolean(feed) && feed.dataset.liveFeed === "home";
  const newPosts = new Set(); // ids of posts announced by the bar, not yet shown

  function inFeed(event) {
    if (event.community_id === null) return false;
    return feedCommunity === null || event.community_id === feedCommunity;
  }

  function showBar() {
    if (!bar) return;
    const count = newPosts.size;
    bar.hidden = count === 0;
    bar.textContent = count ? `${count} new post${count === 1 ? "" : "s"}` : "";
  }

  function onPostCreated(event) {
    if (!bar || !inFeed(event) || (event.actor && event.actor.id === me)) return;
    const id = Number(event.object_id);
    if (document.getElementById(`post-${id}`)) return; // rendered with the page already
    newPosts.add(id);
    showBar();
  }

  async function showNewPosts() {
    const announced = [...newPosts]; // beyond the newest MAX_NEW_POSTS: reload to see
    const ids = announced.slice(-MAX_NEW_POSTS);
    bar.disabled = true;
    const { content } = await fragment(
      `/posts/cards/?ids=${ids.join(",")}${onHome ? "&in=home" : ""}`,
    );
    bar.disabled = false;
    if (!content) return; // the bar stays: the reader can try again
    announced.forEach((id) => newPosts.delete(id)); // not those announced meanwhile
    showBar();
    // A card already on the page (a duplicate) keeps its place.
    content.querySelectorAll("article.post[id]").forEach((card) => {
      if (!document.getElementById(card.id)) return;
      content.querySelector(`[data-post-label="${card.id.slice(5)}"]`)?.remove();
      card.remove();
    });
    const cards = [...content.querySelectorAll("article.post")];
    if (!cards.length) return;
    feed.querySelector("[data-live-empty]")?.remove();
    const added = [...content.children];
    feed.prepend(content);
    added.forEach(activate);
    // The reader asked for them: take them (and assistive technology) there.
    cards[0].tabIndex = -1;
    cards[0].focus();
  }

  if (bar) bar.addEventListener("click", showNewPosts);

  // A card whose post was deleted or hidden leaves the list if the reader may no
  // longer read it (its author and the moderators still may).
  async function recheckCard(postId) {
    if (newPosts.delete(postId)) showBar();
    const card = feed && feed.querySelector(`#post-${postId}`);
    if (!card) return;
    const { content } = await fragment(`/posts/cards/?ids=${postId}${onHome ? "&in=home" : ""}`);
    if (!content || content.querySelector(`#post-${postId}`)) return;
    feed.querySelector(`[data-post-label="${postId}"]`)?.remove();
    card.remove();
  }

  // --- Reaction and comment counts of the posts on the page ----------------------------

  const countTimers = new Map();

  function refreshCountsSoon(postId) {
    if (!document.getElementById(`post-foot-${postId}`)) return;
    clearTimeout(countTimers.get(postId));
    countTimers.set(
      postId,
      setTimeout(() => {
        countTimers.delete(postId);
        refreshCounts(postId);
      }, COUNTS_DEBOUNCE_MS),
    );
  }

  async function refreshCounts(postId) {
    const before = document.getElementById(`post-foot-${postId}`);
    if (!before) return;
    const home = Boolean(before.closest('[data-live-feed="home"]'));
    const { content } = await fragment(`/posts/${postId}/counts/${home ? "?in=home" : ""}`);
    const current = document.getElementById(`post-foot-${postId}`);
    const fresh = content && content.querySelector(`#post-foot-${postId}`);
    if (!current || !fresh) return;
    // The reader's focus stays on the same control.
    const controls = (root) => [...root.querySelectorAll("a, button")];
    const focused = controls(current).indexOf(document.activeElement);
    current.replaceWith(fresh);
    activate(fresh);
    if (focused >= 0) controls(fresh)[focused]?.focus();
  }

  // --- Comments on a post's page ---------------------------------------------------

  const comments = document.querySelector("[data-live-comments]");
  const commentsOf = comments ? Number(comments.dataset.liveComments) : null;
  let commentQueue = Promise.resolve(); // one at a time, so they land in order

  function removeComment(id) {
    (document.getElementById(`thread-${id}`) || document.getElementById(`comment-${id}`))?.remove();
  }

  // Puts `node` among the children of `container` matching `selector`, by id (the
  // order they were written in), before `end` if none comes after it.
  function insertInOrder(container, node, selector, end) {
    const id = Number(node.dataset.commentId);
    const next = [...container.querySelectorAll(`:scope > ${selector}`)].find(
      (sibling) => Number(sibling.dataset.commentId) > id,
    );
    container.insertBefore(node, next || end || null);
    activate(node);
  }

  async function showComment(id, created) {
    if (created && document.getElementById(`comment-${id}`)) return; // e.g. the author's own
    const { content, gone } = await fragment(`/comments/${id}/`);
    if (gone) return removeComment(id);
    const node = content && content.firstElementChild; // a thread, or a reply
    if (!node) return;
    const item = node.id === `comment-${id}` ? node : node.querySelector(`#comment-${id}`);
    const shown = document.getElementById(`comment-${id}`);
    if (shown) {
      shown.replaceWith(item);
      activate(item);
    } else if (node.dataset.parentId) {
      const replies = document.querySelector(`#thread-${node.dataset.parentId} > .comment__replies`);
      if (replies) insertInOrder(replies, node, ".comment__item", replies.querySelector(":scope > details"));
    } else {
      comments.querySelector("[data-live-empty]")?.remove();
      insertInOrder(comments, node, ".comment");
    }
  }

  function onComment(event) {
    refreshCountsSoon(event.post_id);
    if (!comments || event.post_id !== commentsOf) return;
    const id = Number(event.object_id);
    if (event.verb === "comment.deleted") removeComment(id);
    else {
      const created = event.verb === "comment.created";
      commentQueue = commentQueue.then(() => showComment(id, created)).catch(() => {});
    }
  }

  // --- The unread notifications badge ------------------------------------------------

  const inbox = document.querySelector("[data-notifications-link]");
  const title = document.title;
  let unread = Number(inbox?.querySelector("[data-unread-count]")?.firstChild?.textContent || 0);
  let pushes = 0;

  function setUnread(count) {
    if (!inbox) return;
    let badge = inbox.querySelector("[data-unread-count]");
    if (count > 0) {
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "count-badge";
        badge.dataset.unreadCount = "";
        inbox.append(" ", badge);
      }
      const words = document.createElement("span");
      words.className = "visually-hidden";
      words.textContent = " unread";
      badge.replaceChildren(String(count), words);
    } else {
      badge?.remove();
    }
    document.title = count > 0 ? `(${count}) ${title}` : title;
    unread = count;
  }

  document.addEventListener("bridge:notifications.unread", ({ detail }) => {
    pushes += 1;
    if (detail.count > unread) toast("You have a new notification.");
    setUnread(detail.count);
  });

  // After each hello: the count may have changed while the socket was away.
  async function rereadUnread() {
    const pushesBefore = pushes;
    try {
      const response = await fetch("/api/v1/notifications/unread-count/", {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      const { unread: count } = await response.json();
      if (pushes === pushesBefore) setUnread(count); // else a push is newer
    } catch {
      // the next hello reads it again
    }
  }

  // --- Who is online (a community's members, on its page) --------------------------------

  const presence = document.querySelector("[data-live-presence]");
  const presenceOf = presence ? Number(presence.dataset.livePresence) : null;
  const online = presence?.querySelector("[data-presence-list]");
  const onlineCount = presence?.querySelector("[data-presence-count]");

  function personItem(person) {
    const item = document.createElement("li");
    item.className = "presence__person";
    item.dataset.personId = String(person.id);
    item.dataset.name = person.name;
    const avatar = document.createElement("span");
    avatar.className = "avatar avatar--sm";
    avatar.setAttribute("aria-hidden", "true");
    avatar.textContent = (Array.from(person.name)[0] || "?").toUpperCase();
    const name = document.createElement("span");
    name.textContent = person.name;
    item.append(avatar, name);
    return item;
  }

  // The server sends snapshots once presence settles (a page change is absorbed):
  // the first members by name, and how many are online in all.
  if (presence) {
    document.addEventListener("bridge:presence", ({ detail }) => {
      if (detail.community_id !== presenceOf) return;
      online.replaceChildren(...detail.online.map(personItem));
      onlineCount.textContent = String(detail.count);
    });
  }

  // --- Dispatch --------------------------------------------------------------------

  document.addEventListener("bridge:hello", ({ detail }) => {
    me = detail.user_id;
    rereadUnread();
  });

  // The reader may no longer see what the page shows (removed from the community,
  // the post hidden or deleted), whether the server drops the page's topic or
  // refuses it (access changed before the socket subscribed): the server renders
  // the page again, by today's rules. At most once in 30 s per page: never a loop.
  const RELOADED = "bridge.reloadedForAccess";

  function renderAgain() {
    const page = location.pathname + location.search;
    let last = null;
    try {
      last = JSON.parse(sessionStorage.getItem(RELOADED));
    } catch {
      // written by someone else: start afresh
    }
    if (last && last.page === page && Date.now() - last.at < 30000) return;
    sessionStorage.setItem(RELOADED, JSON.stringify({ page, at: Date.now() }));
    location.reload();
  }

  document.addEventListener("bridge:unsubscribed", ({ detail }) => {
    if (detail.reason === "access_lost") renderAgain();
  });
  document.addEventListener("bridge:error", ({ detail }) => {
    if (detail.topic && (detail.code === "not_found" || detail.code === "forbidden")) renderAgain();
  });

  document.addEventListener("bridge:activity", ({ detail: event }) => {
    const verb = event.verb;
    if (verb === "post.created") onPostCreated(event);
    else if (verb === "post.deleted" || verb === "post.hidden" || verb === "post.removed") {
      recheckCard(Number(event.object_id));
    } else if (verb === "reaction.added" || verb === "reaction.removed") {
      refreshCountsSoon(event.post_id);
    } else if (verb.startsWith("comment.")) onComment(event);
  });
})();
