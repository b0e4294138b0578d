// What the live connection (live.js) changes on an idea's page after submission: its
// discussion when a comment is written, deleted, hidden or shown again, its stage
// (badge, history, outcome) when a moderator moves it or an outcome is recorded, and
// its text (title, description, tags, history) when someone edits it.
//
// Events carry ids, never content: the page fetches its own fragments again
// (frontend/idea_flow.py, and frontend/ideas.py for the text), which apply the access
// policy for the reader; a 404 or a redirect leaves the page alone. A form the reader
// may be using is never replaced: what they type stays. Only the edit form is, when it
// is closed and untouched, so that it starts from the newest revision.
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

  // --- An edit by someone else ----------------------------------------------------------

  const baseOf = (root) => Number(root.querySelector("input[name='edit-base_revision']")?.value || 0);

  // The reader is using the edit form when it is open, has focus, or holds anything
  // they typed: it is never replaced then (what they typed stays), only told.
  function inUse(section) {
    const fields = [...section.querySelectorAll("input:not([type=hidden]), textarea, select")];
    const typed = fields.some((field) =>
      field.tagName === "SELECT"
        ? [...field.options].some((option) => option.selected !== option.defaultSelected)
        : field.value !== field.defaultValue,
    );
    return typed || section.querySelector("details")?.open || section.contains(document.activeElement);
  }

  function tellEditedMeanwhile(section, fresh) {
    const notice = section.querySelector("[data-edited-meanwhile]");
    if (!notice) return;
    const who = fresh.dataset.revisionEditor;
    notice.textContent =
      `Edited by ${who} meanwhile (revision ${fresh.dataset.revision}): their version is ` +
      "shown above. If you save, you will first see both, and what you typed stays.";
    notice.hidden = false;
  }

  async function refreshText() {
    const content = await fragment(`/ideas/${ideaId}/text/`);
    if (!content) return;
    ["#idea-heading", "#idea-content", "#idea-history"].forEach((part) => replace(content, part));
    const section = document.querySelector("#idea-edit");
    const fresh = content.querySelector("#idea-edit");
    // Nothing newer than what the form started from (the reader's own save, caught up on).
    if (!section || !fresh || Number(fresh.dataset.revision) <= baseOf(section)) return;
    if (inUse(section)) tellEditedMeanwhile(section, fresh);
    else replace(content, "#idea-edit");
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
    } else if (event.object_type === "idea" && Number(event.object_id) === ideaId) {
      if (STAGE_VERBS.has(event.verb)) soon("stage", refreshStage);
      else if (event.verb === "idea.edited") soon("text", refreshText);
    }
  });
})();
