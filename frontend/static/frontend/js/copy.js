// Copy buttons: <button data-copy="field-id"> copies that field's value, and says so
// in the [data-copy-status] next to it (the share hub's text, a new API token).
// A button rendered `hidden` shows once this script can make it work.
for (const button of document.querySelectorAll("[data-copy][hidden]")) button.hidden = false;

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector("[data-copy-status]");
  try {
    await navigator.clipboard.writeText(source.value);
    if (status) status.textContent = "Copied.";
  } catch {
    source.select(); // no clipboard permission: leave it selected for Ctrl+C
    if (status) status.textContent = "Press Ctrl+C to copy.";
  }
});
