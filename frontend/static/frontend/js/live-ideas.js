// What the live connection (live.js) changes on an idea board's page and an idea's
// page: the "N new ideas" bar, vote counts updated in place, and an edited idea's card
// (its title and tags) on the board.
//
// Events carry ids, never content. The page fetches server-rendered fragments
// (frontend/ideas.py) that apply the access policy again: a count the board hides
// until the reader has voted stays hidden, and a 404 leaves the page alone.
(function () {
  "use strict";

  const DEBOUNCE_MS = 300; // a burst of votes (or edits) costs one fetch per idea
  const MAX_NEW_IDEAS = 50; // as many cards as /boards/<id>/cards/ renders at once
  const VOTE_VERBS = new Set(["idea.voted", "idea.vote_changed", "idea.vote_withdrawn"]);

  const declared = document.querySelector("[data-live-topics]");
  const topic = declared && declared.dataset.liveTopics.split(/\s+/).find((t) => t.startsWith("board:"));
  if (!topic) return;
  const boardId = Number(topic.split(":")[1]);
  const list = document.querySelector("[data-live-board]");
  const bar = document.querySelector("[data-live-new-ideas]");
  const newIdeas = new Set();
  let me = null;

  const fragment = async (url) => (await window.bridgeFragment(url)).content || null; // live.js

  function activate(element) {
    if (window.htmx) window.htmx.process(element);
  }

  // --- "N new ideas": the list does not move under the reader until they ask -------------

  function showBar() {
    if (!bar) return;
    const count = newIdeas.size;
    bar.hidden = count === 0;
    bar.textContent = count ? `${count} new idea${count === 1 ? "" : "s"}` : "";
  }

  function onSubmitted(event) {
    if (!list || (event.actor && event.actor.id === me)) return;
    const id = Number(event.object_id);
    if (document.getElementById(`idea-${id}`)) return;
    newIdeas.add(id);
    showBar();
  }

  async function showNewIdeas() {
    const announced = [...newIdeas];
    bar.disabled = true;
    const content = await fragment(`/boards/${boardId}/cards/?ids=${announced.slice(-MAX_NEW_IDEAS).join(",")}`);
    bar.disabled = false;
    if (!content) return; // the bar stays: the reader can try again
    announced.forEach((id) => newIdeas.delete(id));
    showBar();
    const cards = [...content.querySelectorAll("article.idea-card")].filter(
      (card) => !document.getElementById(card.id),
    );
    if (!cards.length) return;
    list.querySelector("[data-live-empty]")?.remove();
    list.prepend(...cards);
    cards.forEach(activate);
    cards[0].tabIndex = -1;
    cards[0].focus();
  }

  if (bar) bar.addEventListener("click", showNewIdeas);

  // --- Vote counts and edited cards, in place ------------------------------------------

  const timers = new Map();
  function soon(key, refresh) {
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        refresh();
      }, DEBOUNCE_MS),
    );
  }

  function refreshVotesSoon(ideaId) {
    if (!document.getElementById(`idea-vote-${ideaId}`)) return;
    soon(`votes:${ideaId}`, () => refreshVotes(ideaId));
  }

  async function refreshVotes(ideaId) {
    const before = document.getElementById(`idea-vote-${ideaId}`);
    if (!before) return;
    const from = list ? "board" : "idea";
    const content = await fragment(`/ideas/${ideaId}/vote/?from=${from}`);
    const current = document.getElementById(`idea-vote-${ideaId}`);
    const fresh = content && content.querySelector(`#idea-vote-${ideaId}`);
    if (!current || !fresh) return;
    // An error the reader has not read yet stays; so does their focus.
    const error = current.querySelector(".field__error");
    if (error) fresh.append(error);
    const controls = (root) => [...root.querySelectorAll("button")];
    const focused = controls(current).indexOf(document.activeElement);
    current.replaceWith(fresh);
    activate(fresh);
    if (focused >= 0) controls(fresh)[focused]?.focus();
  }

  // Only the card's text moves: its vote box (with an error the reader has not read yet,
  // or their focus) is left alone, and has its own events.
  const cardMain = (root, ideaId) => root.querySelector(`#idea-${ideaId}.idea-card .idea-card__main`);

  function refreshCardSoon(ideaId) {
    if (!list || !cardMain(document, ideaId)) return;
    soon(`card:${ideaId}`, () => refreshCard(ideaId));
  }

  async function refreshCard(ideaId) {
    const content = await fragment(`/boards/${boardId}/cards/?ids=${ideaId}`);
    const current = cardMain(document, ideaId);
    const fresh = content && cardMain(content, ideaId);
    if (!current || !fresh) return;
    current.replaceWith(fresh);
    activate(fresh);
  }

  // --- Dispatch --------------------------------------------------------------------

  document.addEventListener("bridge:hello", ({ detail }) => {
    me = detail.user_id;
  });

  document.addEventListener("bridge:activity", ({ detail: event }) => {
    if (event.object_type !== "idea" || event.board_id !== boardId) return;
    if (event.verb === "idea.submitted") onSubmitted(event);
    else if (VOTE_VERBS.has(event.verb)) refreshVotesSoon(Number(event.object_id));
    else if (event.verb === "idea.edited") refreshCardSoon(Number(event.object_id));
  });
})();
