// The search box's type-ahead. Any `input[data-suggest="<url>"]` gets an ARIA
// combobox (as the mention picker, js/mentions.js): typing lists, below the box,
// the people, communities and hashtags the server says the reader may see,
// grouped by kind (the server applies the access rule; the page never filters).
// Arrow keys move, Enter opens the highlighted suggestion (with none highlighted
// it submits the search), Escape closes. Requests wait 150 ms after the last key
// and a newer one aborts the older, so a slow answer never replaces a newer one.
(function () {
  "use strict";

  const DEBOUNCE_MS = 150;
  const GROUPS = [
    ["person", "People"],
    ["community", "Communities"],
    ["hashtag", "Hashtags"],
  ];
  let counter = 0;
  let state = null; // {input, listbox, items, active, timer, request}

  function inputOf(target) {
    return target instanceof HTMLInputElement && target.matches("input[data-suggest]")
      ? target
      : null;
  }

  function prepare(input) {
    if (input.dataset.suggestReady) return;
    input.dataset.suggestReady = "1";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-haspopup", "listbox");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    if (!input.labels.length && !input.getAttribute("aria-label")) {
      input.setAttribute("aria-label", "Search");
    }
  }

  function close() {
    if (!state) return;
    clearTimeout(state.timer);
    if (state.request) state.request.abort();
    state.listbox.remove();
    state.input.setAttribute("aria-expanded", "false");
    state.input.removeAttribute("aria-activedescendant");
    state.input.removeAttribute("aria-controls");
    state = null;
  }

  function listboxFor(input) {
    const listbox = document.createElement("div");
    listbox.className = "mention-picker suggest-box";
    listbox.id = `suggest-box-${++counter}`;
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Suggestions");
    listbox.hidden = true;
    // Keep the focus in the box: a click opens without blurring it first.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option && state) open(Number(option.dataset.index));
    });
    const host = input.parentElement;
    host.classList.add("mention-host");
    host.appendChild(listbox);
    input.setAttribute("aria-controls", listbox.id);
    return listbox;
  }

  function highlight(index) {
    if (!state || !state.items.length) return;
    const options = state.listbox.querySelectorAll("[role=option]");
    state.active = (index + options.length) % options.length;
    options.forEach((option, position) => {
      option.setAttribute("aria-selected", String(position === state.active));
    });
    const current = options[state.active];
    state.input.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  }

  function optionFor(item, index) {
    const option = document.createElement("div");
    option.id = `${state.listbox.id}-${index}`;
    option.className = "mention-picker__option";
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.dataset.index = String(index);
    const label = document.createElement("span");
    label.className = "mention-picker__name";
    label.textContent = item.label;
    option.appendChild(label);
    const detail = [item.kind === "person" ? item.value : "", item.detail].filter(Boolean);
    if (detail.length) {
      const meta = document.createElement("span");
      meta.className = "mention-picker__meta";
      meta.textContent = detail.join(" · ");
      option.appendChild(meta);
    }
    return option;
  }

  function render(items) {
    if (!state) return;
    state.listbox.replaceChildren();
    state.active = -1;
    state.input.removeAttribute("aria-activedescendant");
    // The options in the order they are shown, grouped: arrows walk this list.
    state.items = GROUPS.flatMap(([kind]) => items.filter((item) => item.kind === kind));
    if (!state.items.length) {
      state.listbox.hidden = true;
      state.input.setAttribute("aria-expanded", "false");
      return;
    }
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
      members.forEach((item) => group.appendChild(optionFor(item, index++)));
      state.listbox.appendChild(group);
    });
    state.listbox.style.top = `${state.input.offsetTop + state.input.offsetHeight}px`;
    state.listbox.hidden = false;
    state.input.setAttribute("aria-expanded", "true");
  }

  function ask(input) {
    if (!state) return;
    if (state.request) state.request.abort();
    const query = input.value.trim();
    if (!query) {
      render([]);
      return;
    }
    const request = new AbortController();
    state.request = request;
    fetch(`${input.dataset.suggest}?q=${encodeURIComponent(query)}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: request.signal,
    })
      .then((response) => (response.ok ? response.json() : { suggestions: [] }))
      .then((answer) => {
        if (state && state.request === request) render(answer.suggestions || []);
      })
      .catch(() => {}); // aborted or offline: the box simply stays closed
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
    if (state && state.input !== input) close();
    if (!state) state = { input, listbox: listboxFor(input), items: [], active: -1 };
    clearTimeout(state.timer);
    state.timer = setTimeout(() => ask(input), DEBOUNCE_MS);
  });

  document.addEventListener(
    "keydown",
    (event) => {
      if (!state || event.target !== state.input || state.listbox.hidden) return;
      if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
      const keys = {
        ArrowDown: () => highlight(state.active + 1),
        ArrowUp: () => highlight(state.active - 1),
        Escape: close,
      };
      // Enter opens a highlighted suggestion; with none, the form searches.
      if (event.key === "Enter" && state.active >= 0) keys.Enter = () => open(state.active);
      const action = keys[event.key];
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      action();
    },
    true,
  );

  document.addEventListener("focusout", (event) => {
    if (state && event.target === state.input) close();
  });
  document.addEventListener("focusin", (event) => {
    const input = inputOf(event.target);
    if (input) prepare(input);
  });
  // Deferred: the page's boxes are parsed already, and are comboboxes from the start.
  document.querySelectorAll("input[data-suggest]").forEach(prepare);
})();
