// The mention picker. Any textarea inside a form with `data-mentions="<url>"`
// (the community's /mentionable/ endpoint) gets an ARIA combobox: typing "@" and
// the start of a name lists, below the field, the people the server says may be
// mentioned there (it applies the access rule; the page never filters people
// itself). Arrow keys move, Enter or Tab picks, Escape closes; picking writes
// "@username ". Listeners sit on the document, so forms that htmx swaps in work
// without any set-up. The widget itself is js/combobox.js.
(function () {
  "use strict";

  const combobox = window.bridgeCombobox;
  const DEBOUNCE_MS = 150;
  // What a mention may look like (network/markup.py MENTION), up to the caret; the
  // "@" must not follow a word character, like the server's parser.
  const TOKEN = /(?:^|[^\w@#&/])@([A-Za-z0-9_+.-]{0,30})$/;
  let state = null; // {field, listbox, start, people, active, timer, request}

  function fieldOf(target) {
    if (!(target instanceof HTMLTextAreaElement)) return null;
    const form = target.closest("form[data-mentions]");
    return form ? { field: target, url: form.dataset.mentions } : null;
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
    combobox.close(state);
    state = null;
  }

  function render(people) {
    if (!state) return;
    state.people = people;
    state.listbox.replaceChildren();
    people.forEach((person, index) => {
      const meta = `@${person.username}${person.organisation ? ` · ${person.organisation}` : ""}`;
      const option = combobox.option(state, index, person.name, meta, "li");
      option.dataset.username = person.username;
      state.listbox.appendChild(option);
    });
    combobox.show(state, people.length > 0);
    if (people.length) combobox.highlight(state, 0);
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
    combobox.prepare(found.field, "mentionsReady");
    const token = tokenAt(found.field);
    if (!token) {
      if (state && state.field === found.field) close();
      return;
    }
    if (state && state.field !== found.field) close();
    if (!state) {
      const listbox = combobox.listbox(found.field, {
        tag: "ul",
        className: "mention-picker",
        idPrefix: "mention-picker",
        label: "People to mention",
        onPick: pick,
      });
      state = { field: found.field, listbox, people: [], active: 0 };
    }
    state.start = token.start;
    clearTimeout(state.timer);
    const url = `${found.url}?q=${encodeURIComponent(token.query)}`;
    state.timer = setTimeout(() => {
      if (state) combobox.ask(state, url, (people) => render(Array.isArray(people) ? people : []));
    }, DEBOUNCE_MS);
  });

  combobox.onKeys(
    () => state,
    (current) => ({
      ArrowDown: () => combobox.highlight(current, current.active + 1),
      ArrowUp: () => combobox.highlight(current, current.active - 1),
      Enter: () => pick(current.active),
      Tab: () => pick(current.active),
      Escape: close,
    }),
  );

  document.addEventListener("focusout", (event) => {
    if (state && event.target === state.field) close();
  });
  document.addEventListener("focusin", (event) => {
    const found = fieldOf(event.target);
    if (found) combobox.prepare(found.field, "mentionsReady");
  });
  // htmx may replace the form that holds an open picker.
  document.addEventListener("htmx:beforeSwap", close);
})();
