// The search box's type-ahead. Any `input[data-suggest="<url>"]` gets an ARIA
// combobox (js/combobox.js, as the mention picker): typing lists, below the box,
// the people, communities and hashtags the server says the reader may see,
// grouped by kind (the server applies the access rule; the page never filters).
// Arrow keys move, Enter opens the highlighted suggestion (with none highlighted
// it submits the search), Escape closes. Requests wait 150 ms after the last key
// and a newer one aborts the older, so a slow answer never replaces a newer one.
(function () {
  "use strict";

  const combobox = window.bridgeCombobox;
  const DEBOUNCE_MS = 150;
  const GROUPS = [
    ["person", "People"],
    ["community", "Communities"],
    ["hashtag", "Hashtags"],
  ];
  let state = null; // {field, listbox, items, active, timer, request}

  function inputOf(target) {
    return target instanceof HTMLInputElement && target.matches("input[data-suggest]")
      ? target
      : null;
  }

  function prepare(input) {
    combobox.prepare(input, "suggestReady");
    input.setAttribute("autocomplete", "off");
    if (!input.labels.length && !input.getAttribute("aria-label")) {
      input.setAttribute("aria-label", "Search");
    }
  }

  function close() {
    if (!state) return;
    combobox.close(state);
    state = null;
  }

  function render(items) {
    if (!state) return;
    state.listbox.replaceChildren();
    state.active = -1;
    state.field.removeAttribute("aria-activedescendant");
    // The options in the order they are shown, grouped: arrows walk this list.
    state.items = GROUPS.flatMap(([kind]) => items.filter((item) => item.kind === kind));
    let index = 0;
    GROUPS.forEach(([kind, title]) => {
      const members = state.items.filter((item) => item.kind === kind);
      if (!members.length) return;
      const group = document.createElement("div");
      group.setAttribute("role", "group");
      const heading = document.createElement("div");
      heading.className = "suggest-box__group";
      heading.id = `${state.listbox.id}-${kind}`;
      heading.textContent = title;
      group.setAttribute("aria-labelledby", heading.id);
      group.appendChild(heading);
      members.forEach((item) => {
        const meta = [item.kind === "person" ? item.value : "", item.detail].filter(Boolean);
        group.appendChild(combobox.option(state, index++, item.label, meta.join(" · "), "div"));
      });
      state.listbox.appendChild(group);
    });
    combobox.show(state, state.items.length > 0);
  }

  function ask() {
    if (!state) return;
    const query = state.field.value.trim();
    if (!query) {
      render([]);
      return;
    }
    const url = `${state.field.dataset.suggest}?q=${encodeURIComponent(query)}`;
    combobox.ask(state, url, (answer) => render((answer && answer.suggestions) || []));
  }

  function open(index) {
    const item = state && state.items[index];
    if (!item) return;
    close();
    window.location.assign(item.url);
  }

  document.addEventListener("input", (event) => {
    const input = inputOf(event.target);
    if (!input) return;
    prepare(input);
    if (state && state.field !== input) close();
    if (!state) {
      const listbox = combobox.listbox(input, {
        tag: "div",
        className: "mention-picker suggest-box",
        idPrefix: "suggest-box",
        label: "Suggestions",
        onPick: open,
      });
      state = { field: input, listbox, items: [], active: -1 };
    }
    clearTimeout(state.timer);
    state.timer = setTimeout(ask, DEBOUNCE_MS);
  });

  combobox.onKeys(
    () => state,
    (current) => {
      const keys = {
        ArrowDown: () => combobox.highlight(current, current.active + 1),
        ArrowUp: () => combobox.highlight(current, current.active - 1),
        Escape: close,
      };
      // Enter opens a highlighted suggestion; with none, the form searches.
      if (current.active >= 0) keys.Enter = () => open(current.active);
      return keys;
    },
  );

  document.addEventListener("focusout", (event) => {
    if (state && event.target === state.field) close();
  });
  document.addEventListener("focusin", (event) => {
    const input = inputOf(event.target);
    if (input) prepare(input);
  });
  // Deferred: the page's boxes are parsed already, and are comboboxes from the start.
  document.querySelectorAll("input[data-suggest]").forEach(prepare);
})();
