// The front-desk page's live parts: the preview as choices change, the body figure, and the
// messages next to each field. The form works without this script; every button posts it.
"use strict";

(() => {
  const form = document.getElementById("request");
  if (!form) return;
  const status = document.getElementById("preview-status");
  const pages = document.getElementById("pages");
  const general = document.getElementById("preview-problems");
  let timer = 0;
  let asked = 0;
  let invalid = false;

  const checked = (name) => form.querySelector(`input[name="${name}"]:checked`);

  function fields() {
    const data = new URLSearchParams(new FormData(form));
    for (const name of ["action", "to", "protect", "password"]) data.delete(name); // the preview needs none
    return data;
  }

  function showProblems(problems) {
    form.querySelectorAll(".error[data-field]").forEach((slot) => { slot.hidden = true; slot.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    general.replaceChildren();
    for (const problem of problems) {
      const slot = problem.field && document.getElementById(`e-${problem.field}`);
      if (slot) {
        slot.textContent = problem.message;
        slot.hidden = false;
        const input = document.getElementById(`f-${problem.field}`);
        if (input && !(input instanceof HTMLFieldSetElement)) input.setAttribute("aria-invalid", "true");
      } else {
        const line = document.createElement("p");
        line.className = "error";
        line.textContent = problem.message;
        general.append(line);
      }
    }
    invalid = problems.length > 0;
  }

  async function refresh() {
    const mine = ++asked;
    status.textContent = form.dataset.updating;
    pages.setAttribute("aria-busy", "true");
    let answer;
    try {
      const response = await fetch("/preview", { method: "POST", body: fields(), credentials: "same-origin" });
      if (response.status === 403) {
        status.textContent = form.dataset.expired;
        window.location.reload();
        return;
      }
      answer = await response.json();
    } catch (_) {
      if (mine === asked) status.textContent = form.dataset.offline;
      return;
    }
    if (mine !== asked) return; // a newer preview is on its way
    pages.removeAttribute("aria-busy");
    showProblems(answer.problems || []);
    status.textContent = answer.summary || "";
    pages.classList.toggle("stale", !answer.ok);
    if (answer.ok) {
      pages.replaceChildren(...answer.pages.map((page) => {
        const img = new Image();
        img.className = "page";
        img.src = page.src;
        img.alt = page.alt;
        return img;
      }));
      pages.dataset.filename = answer.filename;
    }
  }

  function soon(delay) {
    clearTimeout(timer);
    timer = setTimeout(refresh, delay);
  }

  function syncFigure() {
    const region = checked("region");
    const value = region ? region.value : "";
    form.querySelectorAll(".figure img").forEach((img) => { img.hidden = img.dataset.region !== value; });
    form.querySelectorAll(".hotspot").forEach((spot) => {
      spot.classList.toggle("selected", value === "both" || spot.dataset.region === value);
    });
  }

  function syncFormat() {
    const format = checked("format");
    if (!format) return;
    const papers = format.dataset.papers.split(" ");
    const cut = format.dataset.cut ? format.dataset.cut.split(" ") : [];
    form.querySelectorAll('input[name="paper"]').forEach((radio) => {
      radio.disabled = radio.value !== "" && !papers.includes(radio.value);
      if (radio.disabled && radio.checked) document.getElementById("f-paper-auto").checked = true;
    });
    const paper = checked("paper");
    const cutMarks = document.getElementById("f-cut_marks");
    cutMarks.disabled = !(paper && cut.includes(paper.value));
    if (cutMarks.disabled) cutMarks.checked = false;
    document.getElementById("do-checklist").disabled = format.value === "checklist";
    form.querySelectorAll("[data-format-hint]").forEach((hint) => { hint.hidden = hint.dataset.formatHint !== format.value; });
  }

  function syncLanguage() {
    const lang = checked("lang");
    const bilingual = document.getElementById("f-bilingual");
    if (!bilingual) return;
    bilingual.disabled = !lang || lang.value === "en";
    if (bilingual.disabled) bilingual.checked = false;
  }

  function sync() {
    syncFigure();
    syncFormat();
    syncLanguage();
  }

  async function swapArticle() {
    const article = document.getElementById("f-article").value;
    const query = new URLSearchParams({ article, ui: form.elements.ui.value });
    const response = await fetch(`/parts?${query}`, { credentials: "same-origin" });
    if (!response.ok) return;
    document.getElementById("article-parts").innerHTML = await response.text();
    sync();
    soon(0);
  }

  form.addEventListener("change", (event) => {
    if (event.target.id === "f-article") { swapArticle(); return; }
    if (["to", "password", "protect"].includes(event.target.name)) return;
    sync();
    soon(150);
  });

  form.addEventListener("input", (event) => {
    if (["patient", "note"].includes(event.target.name)) soon(500);
  });

  form.addEventListener("click", (event) => {
    const spot = event.target.closest ? event.target.closest(".hotspot") : null;
    if (!spot) return;
    const radio = document.getElementById(`f-region-${spot.dataset.region}`);
    if (radio) {
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  form.addEventListener("submit", (event) => {
    if (invalid && event.submitter && event.submitter.value !== "email") {
      event.preventDefault();
      status.textContent = form.dataset.fix;
      const first = form.querySelector('[aria-invalid="true"]') || form.querySelector(".error:not([hidden])");
      if (first) first.scrollIntoView({ block: "center" });
      if (first && first.focus) first.focus();
    }
  });

  const search = document.getElementById("topic-search");
  if (search) {
    search.addEventListener("input", () => {
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      const select = document.getElementById("f-article");
      let first = null;
      for (const option of select.options) {
        const text = option.textContent.toLowerCase();
        option.hidden = !words.every((word) => text.includes(word));
        if (!option.hidden && !first) first = option;
      }
      if (first && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
        select.value = first.value;
        swapArticle();
      }
    });
  }

  sync();
  soon(0);
})();
