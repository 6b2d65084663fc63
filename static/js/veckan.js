// Progressive enhancement only: every page works without this file.
// Moves focus to an error summary so keyboard and screen reader users hear what went wrong.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
  // Wide screens show the program's filters beside the results; a phone keeps them behind the button.
  if (window.matchMedia("(min-width: 60rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach((details) => { details.open = true; });
  }
});

// On a phone, "Visa" under the filters closes them, so the results they give are in view.
document.addEventListener("click", (event) => {
  const show = event.target.closest(".program__show button");
  const filters = show && show.closest("details[data-open-wide]");
  if (filters && !window.matchMedia("(min-width: 60rem)").matches) {
    filters.open = false;
    filters.scrollIntoView({ block: "start" });
  }
});

// "Kopiera länken": only where the browser lets a page copy; the address field works without it.
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById(`${button.dataset.copy}-status`);
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(field.value).then(() => {
        if (status) status.textContent = button.dataset.copied;
      });
    });
  });
});

// Characters left under title and summary: the server says it on load; this keeps it current as
// the person types. Screen readers hear it once typing pauses, not on every key.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-chars-left]").forEach((counter) => {
    const field = document.getElementById(counter.dataset.charsLeft);
    if (!field) return;
    const spoken = document.createElement("span");
    spoken.className = "chars-left__spoken";
    spoken.setAttribute("aria-live", "polite");
    counter.after(spoken);
    counter.setAttribute("aria-hidden", "true");
    let pause;
    const text = () => {
      const left = Number(counter.dataset.max) - field.value.length;
      const count = Math.abs(left);
      const key = `${left < 0 ? "over" : "left"}${count === 1 ? "One" : "Other"}`;
      counter.toggleAttribute("data-over", left < 0);
      return counter.dataset[key].replace("#", count);
    };
    field.addEventListener("input", () => {
      counter.textContent = text();
      clearTimeout(pause);
      pause = setTimeout(() => { spoken.textContent = counter.textContent; }, 800);
    });
  });
});

// "Lägg till en medarrangör / kontaktperson": htmx appends an empty row without submitting the
// form. Without htmx the button stays hidden and saving gives a new empty row.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.htmx) return;
  document.querySelectorAll("button[data-add-row]:not([disabled])").forEach((button) => {
    button.hidden = false;
  });
});
document.addEventListener("htmx:afterSwap", (event) => {
  const rows = event.detail.target;
  if (!rows.matches("[data-rows]")) return;
  const field = rows.lastElementChild && rows.lastElementChild.querySelector("input, select, textarea");
  if (field) field.focus();
});
