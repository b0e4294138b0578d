// The mention picker. Any textarea inside a form with `data-mentions="<url>"`
// (the community's /mentionable/ endpoint) gets an ARIA combobox: typing "@" and
// the start of a name lists, below the field, the people the server says may be
// mentioned there (it applies the access rule; the page never filters people
// itself). Arrow keys move, Enter or Tab picks, Escape closes; picking writes
// "@username ". Listeners sit on the document, so forms that htmx swaps in work
// without any set-up.
(function () {
  "use strict";

  const DEBOUNCE_MS = 150;
  // What a mention may look like (network/markup.py MENTION), up to the caret; the
  // "@" must not follow a word character, like the server's parser.
  const TOKEN = /(?:^|[^\w@#&/])@([A-Za-z0-9_+.-]{0,30})$/;
  let counter = 0;
  let state = null; // {field, listbox, start, people, active, timer, request}

  function fieldOf(target) {
    if (!(target instanceof HTMLTextAreaElement)) return null;
    const form = target.closest("form[data-mentions]");
    return form ? { field: target, url: form.dataset.mentions } : null;
  }

  function prepare(field) {
    if (field.dataset.mentionsReady) return;
    field.dataset.mentionsReady = "1";
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-haspopup", "listbox");
    field.setAttribute("aria-expanded", "false");
  }

  function tokenAt(field) {
    if (field.selectionStart !== field.selectionEnd) return null;
    const before = field.value.slice(0, field.selectionStart);
    const match = TOKEN.exec(before);
    if (!match) return null;
    return { query: match[1], start: before.length - match[1].length - 1 };
  }

  function close() {
    if (!state) return;
    clearTimeout(state.timer);
    if (state.request) state.request.abort();
    state.listbox.remove();
    state.field.setAttribute("aria-expanded", "false");
    state.field.removeAttribute("aria-activedescendant");
    state.field.removeAttribute("aria-controls");
    state = null;
  }

  function listboxFor(field) {
    const listbox = document.createElement("ul");
    listbox.className = "mention-picker";
    listbox.id = `mention-picker-${++counter}`;
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "People to mention");
    listbox.hidden = true;
    // Keep the focus in the field: a click picks without blurring it.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option && state) pick(Number(option.dataset.index));
    });
    const host = field.parentElement;
    host.classList.add("mention-host");
    host.appendChild(listbox);
    field.setAttribute("aria-controls", listbox.id);
    return listbox;
  }

  function highlight(index) {
    if (!state) return;
    const options = state.listbox.querySelectorAll("[role=option]");
    state.active = (index + options.length) % options.length;
    options.forEach((option, position) => {
      option.setAttribute("aria-selected", String(position === state.active));
    });
    const current = options[state.active];
    state.field.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  }

  function render(people) {
    if (!state) return;
    state.people = people;
    state.listbox.replaceChildren();
    if (!people.length) {
      state.listbox.hidden = true;
      state.field.setAttribute("aria-expanded", "false");
      state.field.removeAttribute("aria-activedescendant");
      return;
    }
    people.forEach((person, index) => {
      const option = document.createElement("li");
      option.id = `${state.listbox.id}-${index}`;
      option.className = "mention-picker__option";
      option.setAttribute("role", "option");
      option.dataset.index = String(index);
      option.dataset.username = person.username;
      const name = document.createElement("span");
      name.className = "mention-picker__name";
      name.textContent = person.name;
      const meta = document.createElement("span");
      meta.className = "mention-picker__meta";
      meta.textContent = `@${person.username}${person.organisation ? ` · ${person.organisation}` : ""}`;
      option.append(name, meta);
      state.listbox.appendChild(option);
    });
    const top = state.field.offsetTop + state.field.offsetHeight;
    state.listbox.style.top = `${top}px`;
    state.listbox.hidden = false;
    state.field.setAttribute("aria-expanded", "true");
    highlight(0);
  }

  function search(url, query) {
    if (!state) return;
    if (state.request) state.request.abort();
    const request = new AbortController();
    state.request = request;
    fetch(`${url}?q=${encodeURIComponent(query)}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: request.signal,
    })
      .then((response) => (response.ok ? response.json() : []))
      .then((people) => {
        if (state && state.request === request) render(Array.isArray(people) ? people : []);
      })
      .catch(() => {}); // aborted or offline: the picker simply stays closed
  }

  function pick(index) {
    if (!state || !state.people[index]) return;
    const { field, start } = state;
    const caret = field.selectionStart;
    const text = `@${state.people[index].username} `;
    field.setRangeText(text, start, caret, "end");
    close();
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
  }

  document.addEventListener("input", (event) => {
    const found = fieldOf(event.target);
    if (!found) return;
    prepare(found.field);
    const token = tokenAt(found.field);
    if (!token) {
      if (state && state.field === found.field) close();
      return;
    }
    if (state && state.field !== found.field) close();
    if (!state) {
      state = { field: found.field, listbox: listboxFor(found.field), people: [], active: 0 };
    }
    state.start = token.start;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => search(found.url, token.query), DEBOUNCE_MS);
  });

  document.addEventListener(
    "keydown",
    (event) => {
      if (!state || event.target !== state.field || state.listbox.hidden) return;
      const keys = {
        ArrowDown: () => highlight(state.active + 1),
        ArrowUp: () => highlight(state.active - 1),
        Enter: () => pick(state.active),
        Tab: () => pick(state.active),
        Escape: close,
      };
      const action = keys[event.key];
      if (!action || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      event.stopPropagation();
      action();
    },
    true,
  );

  document.addEventListener("focusout", (event) => {
    if (state && event.target === state.field) close();
  });
  document.addEventListener("focusin", (event) => {
    const found = fieldOf(event.target);
    if (found) prepare(found.field);
  });
  // htmx may replace the form that holds an open picker.
  document.addEventListener("htmx:beforeSwap", close);
})();
