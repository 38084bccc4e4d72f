// Filters and keyboard for the issue page. The page reads fine without this script
// (every card is shown); the script only hides and moves. It touches no network and
// runs under a Content-Security-Policy that allows this exact text and nothing else.
"use strict";
(function () {
  const form = document.getElementById("filters");
  if (!form) return;
  const cards = Array.from(document.querySelectorAll("article.card"));
  const texts = new Map(cards.map((card) => [card, card.textContent.toLowerCase()]));
  const shown = document.getElementById("shown");
  const chips = Array.from(document.querySelectorAll(".summary button[data-field]"));
  const field = (name) => form.elements.namedItem(name);
  let current = -1;

  function wanted() {
    return {
      problems: field("problems").checked,
      verdict: field("verdict").value,
      link: field("link").value,
      source: field("source").value,
      query: field("q").value.trim().toLowerCase(),
    };
  }

  function matches(card, want) {
    if (want.problems && card.dataset.level !== "bad") return false;
    if (want.verdict && !card.dataset.verdicts.split(" ").includes(want.verdict)) return false;
    if (want.link && card.dataset.link !== want.link) return false;
    if (want.source && card.dataset.source !== want.source) return false;
    return !want.query || texts.get(card).includes(want.query);
  }

  function apply() {
    const want = wanted();
    let count = 0;
    for (const card of cards) {
      const show = matches(card, want);
      card.hidden = !show;
      count += show ? 1 : 0;
      for (const check of card.querySelectorAll("li.check")) {
        const byVerdict = !want.verdict || check.dataset.verdict === want.verdict;
        check.hidden = !byVerdict || (want.problems && check.dataset.level !== "bad");
      }
    }
    shown.value = `${count} of ${cards.length} citations shown`;
    for (const chip of chips) {
      chip.setAttribute("aria-pressed", String(field(chip.dataset.field).value === chip.dataset.value));
    }
    document.body.dataset.shown = String(count);
  }

  function choose(chip) {
    const select = field(chip.dataset.field);
    select.value = select.value === chip.dataset.value ? "" : chip.dataset.value;
    apply();
  }

  function move(step) {
    const visible = cards.filter((card) => !card.hidden);
    if (!visible.length) return;
    const at = visible.indexOf(cards[current]);
    const next = visible[Math.min(visible.length - 1, Math.max(0, at + step))] || visible[0];
    if (cards[current]) cards[current].classList.remove("current");
    current = cards.indexOf(next);
    next.classList.add("current");
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: "start" });
  }

  function typing(target) {
    return target instanceof HTMLElement && target.closest("input, select, textarea") !== null;
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  for (const chip of chips) chip.addEventListener("click", () => choose(chip));
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Escape" && typing(event.target)) {
      event.target.blur();
      return;
    }
    if (typing(event.target)) return;
    if (event.key === "j") move(1);
    else if (event.key === "k") move(-1);
    else if (event.key === "/") {
      event.preventDefault();
      form.closest("details").open = true;
      field("q").focus();
    } else return;
    event.preventDefault();
  });
  form.hidden = false;
  // the filters are open on a wide screen; on a phone they wait behind their summary,
  // so the first finding is on the first screen
  form.closest("details").open = window.matchMedia("(min-width: 48rem)").matches;
  apply();
  document.documentElement.dataset.ready = String(Math.round(performance.now()));
})();
