"""`verifier run` end to end on the example issue, over the real local HTTPS web."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner, Result
from jsonschema import Draft4Validator
from numpy.typing import NDArray

from localweb import LocalWeb
from tests.builders import EXAMPLE, ROOT, routed_to
from verifier import pipeline, verify_issue
from verifier.cli import main
from verifier.verify.quotes import _calibrated as calibrated
from verifier.verify.text import embeddings
from verifier.verify.text.embeddings import Embedder, WindowIndex

#: The link status every distinct URL of the example issue must get.
EXPECTED_STATUS = {
    "https://thehill.com/": "unstable",
    "https://www.britannica.com/topic/United-States-Presidential-Election-Results-1788863": ("ok"),
    "https://www.electproject.org/": "unstable",
    "https://www.politico.com/news/2024/11/06/trump-vetting-candidates-white-house-jobs-00188070": (
        "ok"
    ),
    "https://www.rubio.senate.gov/": "unstable",
    "https://www.politico.com/interactives/2024/potential-cabinets/trump-second-term-cabinet/": (
        "ok"
    ),
    "https://www.rt.com/news/607294-trump-rubio-grenell-secretary-state/": "ok",
    "https://youtu.be/Llk2wk6UZpY": "redirected",
    "https://www.pravda.com.ua/eng/news/2024/11/6/7483253/": "ok",
    "https://www.hagerty.senate.gov/": "unstable",
    "https://www.axios.com/2024/11/08/musk-trump-zelensky-ukraine-call": "ok",
    "https://www.nikkei.com/article/DGXZQOGR043X10U4A101C2000000/": "paywalled",
    "https://t.me/akovalenko1989/8222": "ok",
    "https://iwj.co.jp/": "unstable",
    # the members' editions: a 200 login wall whose text is not there to read
    "https://iwj.co.jp/wj/member.old/nikkan-20241007#idx-6": "paywalled",
    "https://iwj.co.jp/wj/member.old/nikkan-20241008#idx-7": "paywalled",
    "https://iwj.co.jp/wj/member.old/nikkan-20241106#idx-1": "paywalled",
    "https://iwj.co.jp/wj/member.old/nikkan-20241111": "paywalled",
    # the sign-up and login pages themselves work
    "https://iwj.co.jp/ec/entry/kiyaku.php": "ok",
    "https://iwj.co.jp/ec/mypage/login.php": "ok",
    "https://twitter.com/iwakami_staff": "redirected",
}

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(local_web: LocalWeb, tmp_path: Path) -> Invoke:
    """Run the CLI with this test's own archive and reports, routed to the local web."""

    def run(*args: str, cache: Path | None = None) -> Result:
        routes = [f"--connect-to={route}" for route in local_web.connect_to_all()]
        common = [
            "--cache",
            str(cache or tmp_path / "cache"),
            "--reports",
            str(tmp_path / "reports"),
        ]
        common += ["--ca-bundle", str(local_web.ca_path), *routes]
        return CliRunner().invoke(main, [*args, *common], catch_exceptions=False)

    return run


def _report(tmp_path: Path) -> dict[str, Any]:
    return json.loads((tmp_path / "reports" / "2024-11-11-no4376" / "report.json").read_text())


def _snapshot_count(cache: Path) -> int:
    with sqlite3.connect(cache / "archive.db") as db:
        return int(db.execute("select count(*) from snapshots").fetchone()[0])


def _tree_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_run_writes_the_contract_report_with_the_right_link_statuses(
    invoke: Invoke, tmp_path: Path
) -> None:
    result = invoke("run", str(EXAMPLE), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    data = _report(tmp_path)
    assert data["schema"] == "verifier.report/2"
    assert data["issue"]["id"] == "2024-11-11-no4376"
    assert data["issue"]["date"] == "2024-11-11"
    statuses = {c["url"]: c["link"]["status"] for c in data["citations"] if c["url"]}
    for url, expected in EXPECTED_STATUS.items():
        assert statuses[url] == expected, url
    no_url = [c for c in data["citations"] if c["url"] is None]
    assert [c["link"]["status"] for c in no_url] == ["no_url"]
    assert (tmp_path / "reports" / "2024-11-11-no4376" / "index.html").is_file()
    assert (tmp_path / "reports" / "index.html").is_file()


def test_the_publication_dates_are_checked(invoke: Invoke, tmp_path: Path) -> None:
    invoke("run", str(EXAMPLE))
    by_line = {c["line"]: c for c in _report(tmp_path)["citations"]}
    politico = by_line[65]
    assert politico["source"]["published"] == "2024-11-06"
    dates = [c["verdict"] for c in politico["checks"] if c["kind"] == "date"]
    assert dates == ["supported"]
    assert not [c for c in by_line[34]["checks"] if c["kind"] == "date"]  # an access date


def test_a_second_run_adds_snapshots_and_offline_reproduces_the_report(
    invoke: Invoke, tmp_path: Path
) -> None:
    invoke("run", str(EXAMPLE))
    first = _snapshot_count(tmp_path / "cache")
    online = _report(tmp_path)["citations"]
    invoke("run", str(EXAMPLE))
    assert _snapshot_count(tmp_path / "cache") == 2 * first
    result = invoke("run", str(EXAMPLE), "--offline")
    assert result.exit_code in (0, 1), result.output
    assert _snapshot_count(tmp_path / "cache") == 2 * first
    offline = _report(tmp_path)["citations"]
    assert [(c["link"]["status"], c["checks"]) for c in offline] == [
        (c["link"]["status"], c["checks"]) for c in online
    ]


def test_report_rebuilds_from_the_archive_without_the_network(
    invoke: Invoke, tmp_path: Path
) -> None:
    invoke("run", str(EXAMPLE))
    before = _report(tmp_path)["citations"]
    issue_dir = tmp_path / "reports" / "2024-11-11-no4376"
    sources = sorted(path.name for path in (issue_dir / "sources").iterdir())
    shutil.rmtree(tmp_path / "reports")
    args = ["report", "--cache", str(tmp_path / "cache"), "--reports", str(tmp_path / "reports")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert _report(tmp_path)["citations"] == before
    # every page again, the archived copies of the sources included
    assert (issue_dir / "index.html").is_file() and (tmp_path / "reports" / "index.html").is_file()
    assert sorted(path.name for path in (issue_dir / "sources").iterdir()) == sources
    read = {c["link"]["snapshot"] for c in before if c["source"] is not None}
    assert {f"{snapshot}.html" for snapshot in read} <= set(sources)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary")],
)
def test_bad_issue_files_exit_2_and_leave_the_archive_untouched(
    invoke: Invoke, tmp_path: Path, content: bytes, message: str
) -> None:
    invoke("run", str(EXAMPLE))
    before = _tree_digest(tmp_path / "cache")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = invoke("run", str(bad))
    assert result.exit_code == 2
    assert "bad.txt" in result.output and message in result.output.lower()
    assert len(result.output.strip().splitlines()) == 1
    assert _tree_digest(tmp_path / "cache") == before


def test_a_damaged_coefficients_file_exits_2_before_anything_is_fetched(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("run", str(EXAMPLE))
    before = _tree_digest(tmp_path / "cache")
    damaged = tmp_path / "calibration.json"
    damaged.write_text('{"format": 1, "features": ["score"]', encoding="utf-8")
    monkeypatch.setattr(calibrated, "FILE", str(damaged))  # an absolute path wins the join
    calibrated.calibration.cache_clear()
    try:
        result = invoke("run", str(EXAMPLE))
    finally:
        monkeypatch.undo()
        calibrated.calibration.cache_clear()
    assert result.exit_code == 2
    assert "coefficients" in result.output and "cannot be read" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _tree_digest(tmp_path / "cache") == before


def test_missing_file_unknown_option_and_bad_connect_to_exit_2(
    invoke: Invoke, tmp_path: Path
) -> None:
    assert invoke("run", str(tmp_path / "nope.txt")).exit_code == 2
    assert invoke("run", str(EXAMPLE), "--no-such-option").exit_code == 2
    assert invoke("run", str(EXAMPLE), "--connect-to", "nonsense").exit_code == 2
    assert invoke("run", str(EXAMPLE), "--fail-on", "dead,bogus").exit_code == 2


def test_unusable_cache_directory_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = invoke("run", str(EXAMPLE), cache=blocker / "cache")
    assert result.exit_code == 2
    assert "cache" in result.output


def test_an_interrupted_run_is_continued_without_refetching(
    invoke: Invoke, tmp_path: Path, local_web: LocalWeb
) -> None:
    invoke("run", str(EXAMPLE))
    cache = tmp_path / "cache"
    with sqlite3.connect(cache / "archive.db") as db:  # as if killed before the end
        db.execute("update runs set finished_at = null")
    path = "/news/2024/11/06/trump-vetting-candidates-white-house-jobs-00188070"
    hits = local_web.hits("www.politico.com", path)
    count = _snapshot_count(cache)
    invoke("run", str(EXAMPLE))
    assert local_web.hits("www.politico.com", path) == hits
    assert _snapshot_count(cache) == count
    invoke("run", str(EXAMPLE))  # the continued run finished: the next one fetches again
    assert local_web.hits("www.politico.com", path) == hits + 1


def test_json_output_of_several_issues_is_one_array(invoke: Invoke, tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text(
        "# Other issue 2024.11.12号\n\nText.\n\n※Page(Example、2024年11月6日)\n"
        "https://failures.test/ok\n",
        "utf-8",
    )
    result = invoke("links", str(EXAMPLE), str(other), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    assert [d["issue"]["id"] for d in data] == ["2024-11-11-no4376", "2024-11-12-other"]
    assert all(d["schema"] == "verifier.report/2" for d in data)


def test_verify_issue_is_what_run_does(local_web: LocalWeb, tmp_path: Path) -> None:
    report = verify_issue(EXAMPLE, routed_to(local_web, tmp_path))
    assert report.issue.id == "2024-11-11-no4376"
    assert len(report.results) == 40
    assert (tmp_path / "reports" / "2024-11-11-no4376" / "report.json").is_file()


def test_the_example_is_contradicted_only_where_it_is_wrong(invoke: Invoke, tmp_path: Path) -> None:
    """The issue's known mistake is flagged; nothing right in it is called contradicted."""
    invoke("run", str(EXAMPLE))
    contradicted = {
        (citation["line"], check["kind"], check["claim"])
        for citation in _report(tmp_path)["citations"]
        for check in citation["checks"]
        if check["verdict"] == "contradicted"
    }
    # the date check and the translated quote that holds the date both see it
    assert (290, "event_date", "10月6日") in contradicted
    assert all(line == 290 and "10月6日" in claim for line, _, claim in contradicted)
    assert {kind for _, kind, _ in contradicted} == {"event_date", "quote"}


def test_the_example_s_fix_list_is_its_one_mistake_with_the_correction(
    invoke: Invoke, tmp_path: Path
) -> None:
    """What an editor sees first: one root cause (the date and the quote holding it), the
    correction in the issue's own style, the source's own sentence with the decisive
    words; the same as SARIF, valid against the 2.1.0 schema, with the fix to apply."""
    sarif_file = tmp_path / "example.sarif"
    invoke("run", str(EXAMPLE), "--format", "sarif", "--output", str(sarif_file))
    [entry] = _report(tmp_path)["triage"]["fix"]
    assert (entry["line"], entry["issue_says"], entry["correction"]) == (286, "10月6日", "11月6日")
    assert entry["source"] == "Axios" and entry["decisive"] == "Wednesday, Nov. 6"
    assert "Zelensky called Trump on Wednesday, Nov. 6" in entry["source_says"]
    assert len(entry["checks"]) == 2  # the event date and the quote: one root cause
    sarif = json.loads(sarif_file.read_text("utf-8"))
    schema = json.loads((ROOT / "tests" / "data" / "sarif-2.1.0.json").read_text("utf-8"))
    assert list(Draft4Validator(schema).iter_errors(sarif)) == []
    [first, *_] = sarif["runs"][0]["results"]
    assert first["level"] == "error" and first["partialFingerprints"]["verifierFinding/v1"]
    [change] = first["fixes"][0]["artifactChanges"]
    [replacement] = change["replacements"]
    line = EXAMPLE.read_text("utf-8").splitlines()[285]
    region = replacement["deletedRegion"]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "10月6日"
    assert replacement["insertedContent"]["text"] == "11月6日"


def test_the_fix_list_holds_only_what_the_labelled_example_calls_an_error(
    invoke: Invoke, tmp_path: Path
) -> None:
    """tests/data/example-labels.toml labels every contradicted or not-found check of the
    example once: nothing labelled `not_error` is to fix, every `error` is listed."""
    labels = {
        (item["line"], item["kind"], item["claim"]): item["label"]
        for item in tomllib.loads((ROOT / "tests" / "data" / "example-labels.toml").read_text())[
            "check"
        ]
    }
    invoke("run", str(EXAMPLE))
    report = _report(tmp_path)
    checks = {c["id"]: c["checks"] for c in report["citations"]}
    flagged = {
        (check["line"], check["kind"], check["claim"])
        for found in checks.values()
        for check in found
        if check["verdict"] in ("contradicted", "not_found")
    }
    assert flagged <= set(labels), f"label these in example-labels.toml: {flagged - set(labels)}"

    def members(entries: list[dict[str, Any]]) -> set[tuple[int, str, str]]:
        return {
            (check["line"], check["kind"], check["claim"])
            for entry in entries
            for check in (checks[entry["citation"]][i] for i in entry["checks"])
        }

    fix, look = report["triage"]["fix"], report["triage"]["look"]
    assert all(labels[key] == "error" for key in members(fix))
    errors = {key for key, label in labels.items() if label == "error"}
    assert errors & flagged <= members(fix) | members(look)


class CountingEmbedder:
    """The configured embedder, counting the page windows it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.passages = 0

    def embed(self, texts: Sequence[str], *, query: bool) -> NDArray[np.float32]:
        if not query:
            self.passages += len(texts)
        return self.inner.embed(texts, query=query)


def test_a_second_run_embeds_no_page_windows_again(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[tuple[CountingEmbedder, CountingEmbedder]] = []

    def counting(spec: str) -> WindowIndex:
        assert spec == "auto"  # the default: USE ranks, e5 re-scores
        runs.append((CountingEmbedder(embeddings._e5_small()), CountingEmbedder(embeddings._use())))
        e5, use = runs[-1]
        return WindowIndex(e5, ranker=use)

    monkeypatch.setattr(pipeline, "load_models", counting)
    invoke("run", str(EXAMPLE))
    first = _report(tmp_path)["citations"]
    with sqlite3.connect(tmp_path / "cache" / "archive.db") as db:
        stored = db.execute("select count(*) from window_vectors").fetchone()[0]
    assert runs[0][1].passages > 0 and stored > 0  # the checks ranked page windows
    result = invoke("run", str(EXAMPLE), "--offline")
    assert result.exit_code in (0, 1), result.output
    assert len(runs) == 2 and runs[1][0].passages == runs[1][1].passages == 0
    with sqlite3.connect(tmp_path / "cache" / "archive.db") as db:
        assert db.execute("select count(*) from window_vectors").fetchone()[0] == stored
    assert [c["checks"] for c in _report(tmp_path)["citations"]] == [c["checks"] for c in first]
