// Progressive enhancement only: every page works without this file.
// Moves focus to an error summary so keyboard and screen reader users hear what went wrong.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
});
