// What the mention picker (js/mentions.js) and the search box's type-ahead
// (js/suggest.js) share: an ARIA combobox whose listbox sits below its field.
// Each keeps its own state object, {field, listbox, active, timer, request}, and
// decides what to ask and what picking does; this file only knows the widget.
window.bridgeCombobox = (function () {
  "use strict";

  let counter = 0;

  // Role and ARIA attributes, once per field (`flag` names the dataset marker).
  function prepare(field, flag) {
    if (field.dataset[flag]) return;
    field.dataset[flag] = "1";
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-haspopup", "listbox");
    field.setAttribute("aria-expanded", "false");
  }

  // An empty, hidden listbox under the field; clicking an option calls onPick
  // with its index.
  function listbox(field, { tag, className, idPrefix, label, onPick }) {
    const box = document.createElement(tag);
    box.className = className;
    box.id = `${idPrefix}-${++counter}`;
    box.setAttribute("role", "listbox");
    box.setAttribute("aria-label", label);
    box.hidden = true;
    // Keep the focus in the field: a click picks without blurring it first.
    box.addEventListener("mousedown", (event) => event.preventDefault());
    box.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) onPick(Number(option.dataset.index));
    });
    const host = field.parentElement;
    host.classList.add("mention-host");
    host.appendChild(box);
    field.setAttribute("aria-controls", box.id);
    return box;
  }

  function close(state) {
    clearTimeout(state.timer);
    if (state.request) state.request.abort();
    state.listbox.remove();
    state.field.setAttribute("aria-expanded", "false");
    state.field.removeAttribute("aria-activedescendant");
    state.field.removeAttribute("aria-controls");
  }

  function highlight(state, index) {
    const options = state.listbox.querySelectorAll("[role=option]");
    if (!options.length) return;
    state.active = (index + options.length) % options.length;
    options.forEach((option, position) => {
      option.setAttribute("aria-selected", String(position === state.active));
    });
    const current = options[state.active];
    state.field.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  }

  // Shows the listbox below the field, or hides it when it has nothing to offer.
  function show(state, hasOptions) {
    state.listbox.hidden = !hasOptions;
    state.field.setAttribute("aria-expanded", String(hasOptions));
    if (!hasOptions) {
      state.field.removeAttribute("aria-activedescendant");
      return;
    }
    state.listbox.style.top = `${state.field.offsetTop + state.field.offsetHeight}px`;
  }

  // One option: a name and, if given, a second line.
  function option(state, index, name, meta, tag) {
    const element = document.createElement(tag);
    element.id = `${state.listbox.id}-${index}`;
    element.className = "mention-picker__option";
    element.setAttribute("role", "option");
    element.setAttribute("aria-selected", "false");
    element.dataset.index = String(index);
    const label = document.createElement("span");
    label.className = "mention-picker__name";
    label.textContent = name;
    element.appendChild(label);
    if (meta) {
      const second = document.createElement("span");
      second.className = "mention-picker__meta";
      second.textContent = meta;
      element.appendChild(second);
    }
    return element;
  }

  // GET the URL as JSON; a newer request aborts the older, so only the answer to
  // the latest one reaches `then` (aborted or offline: nothing happens).
  function ask(state, url, then) {
    if (state.request) state.request.abort();
    const request = new AbortController();
    state.request = request;
    fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: request.signal,
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((answer) => {
        if (state.request === request) then(answer);
      })
      .catch(() => {});
  }

  // Arrow keys, Escape and the caller's keys (Enter, Tab) while the list is open.
  function onKeys(getState, keysFor) {
    document.addEventListener(
      "keydown",
      (event) => {
        const state = getState();
        if (!state || event.target !== state.field || state.listbox.hidden) return;
        if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
        const action = keysFor(state)[event.key];
        if (!action) return;
        event.preventDefault();
        event.stopPropagation();
        action();
      },
      true,
    );
  }

  return { prepare, listbox, close, highlight, show, option, ask, onKeys };
})();
