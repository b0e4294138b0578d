// The share hub's "Copy text" buttons: copy the composed text (disclosure included).
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
