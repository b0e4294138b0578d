// What the live connection (live.js) changes on an idea's page after submission: its
// discussion when a comment is written, deleted, hidden or shown again, and its stage
// (badge, history, outcome) when a moderator moves it or an outcome is recorded.
//
// Events carry ids, never content: the page fetches its own fragments again
// (frontend/idea_flow.py), which apply the access policy for the reader; a 404 or a
// redirect leaves the page alone. Forms are not replaced: what the reader is typing stays.
(function () {
  "use strict";

  const DEBOUNCE_MS = 300; // a burst of events costs one fetch
  const COMMENT_VERBS = new Set([
    "idea.commented",
    "idea.comment_deleted",
    "idea.comment_hidden",
    "idea.comment_unhidden",
  ]);
  const STAGE_VERBS = new Set(["idea.stage_changed", "idea.outcome_recorded"]);

  const article = document.querySelector("article.idea[data-idea-id]");
  const declared = document.querySelector("[data-live-topics]");
  const topic = declared && declared.dataset.liveTopics.split(/\s+/).find((t) => t.startsWith("board:"));
  if (!article || !topic) return;
  const ideaId = Number(article.dataset.ideaId);
  const boardId = Number(topic.split(":")[1]);

  const fragment = async (url) => (await window.bridgeFragment(url)).content || null; // live.js

  function replace(content, selector) {
    const current = document.querySelector(selector);
    const fresh = content.querySelector(selector);
    if (!current || !fresh) return;
    fresh.removeAttribute("hx-swap-oob");
    current.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
  }

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

  async function refreshComments() {
    const content = await fragment(`/ideas/${ideaId}/comments/`);
    if (content) replace(content, "#idea-comments");
  }

  async function refreshStage() {
    const content = await fragment(`/ideas/${ideaId}/stage/`);
    if (!content) return;
    replace(content, "#idea-stage-status");
    replace(content, "#idea-stage-badge");
  }

  // After a reconnect, the discussion is read again: a comment hidden or restored
  // meanwhile is a personal activity (its author's), which catching up does not bring.
  let greeted = false;
  document.addEventListener("bridge:hello", () => {
    if (greeted) soon("comments", refreshComments);
    greeted = true;
  });

  document.addEventListener("bridge:activity", ({ detail: event }) => {
    if (event.board_id !== boardId) return;
    // A comment's event names the comment, not its idea: the list is fetched again
    // (cheap, and only what this reader may see comes back).
    if (event.object_type === "idea_comment" && COMMENT_VERBS.has(event.verb)) {
      soon("comments", refreshComments);
    } else if (
      event.object_type === "idea" &&
      Number(event.object_id) === ideaId &&
      STAGE_VERBS.has(event.verb)
    ) {
      soon("stage", refreshStage);
    }
  });
})();
