// Filters and keyboard for the issue page. The page reads fine without this script
// (every card is shown); the script only hides and moves. It touches no network and
// runs under a Content-Security-Policy that allows this exact text and nothing else.
"use strict";
// Review decisions, when the page is served by `verifier serve` (not from disk): each
// finding's buttons post to the service's API; a token, when the service asks for one,
// is kept for this tab only.
(function () {
  if (!/^https?:$/.test(window.location.protocol)) return;
  const main = document.getElementById("main");
  const issue = main && main.dataset.issue;
  if (!issue) return;
  const cookie = (document.cookie.match(/(?:^|; )verifier_csrf=([^;]*)/) || [])[1] || "";
  async function decide(finding, decision, note, retried) {
    const headers = { "Content-Type": "application/json", "X-CSRF-Token": cookie };
    const token = window.sessionStorage.getItem("verifier-token");
    if (token) headers.Authorization = "Bearer " + token;
    const answer = await fetch("/api/issues/" + encodeURIComponent(issue) + "/reviews", {
      method: "POST", headers: headers,
      body: JSON.stringify({ finding: finding, decision: decision, note: note }),
    });
    if (answer.status === 401 && !retried) {
      const given = window.prompt("The service's token");
      if (given) { window.sessionStorage.setItem("verifier-token", given); return decide(finding, decision, note, true); }
    }
    if (answer.ok) window.location.reload();
    else window.alert("Not recorded: " + ((await answer.json()).error || answer.status));
  }
  document.querySelectorAll("li.finding[data-finding]").forEach((item) => {
    const row = item.querySelector(".decide");
    if (!row) return;
    row.hidden = false;
    row.querySelectorAll("button[data-decision]").forEach((button) => {
      button.addEventListener("click", () =>
        decide(item.dataset.finding, button.dataset.decision, row.querySelector("input").value, false));
    });
  });
})();
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
