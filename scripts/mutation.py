"""Mutation testing of the modules with the most logic: a periodic check, not part of CI.

    python scripts/mutation.py [--module content/related.py ...] [--jobs 1] [--sample N]

Runs mutmut (configured in pyproject.toml, [tool.mutmut]) and prints, per module, the mutants
run, killed, survived and timed out, the score ((killed + timeout) / run) and every survivor as
`file:line: -original +mutant`, so that each can be killed by a test or explained.

Each mutant runs only the tests that reach the mutated function (mutmut's stats), widened to
every test of the same test files: the functions called while a module or session fixture is
built count, in mutmut's stats, for the first test that asked for the fixture only, and the
other tests of that file check the same result. Tests run grouped by file so that each
fixture is built once per mutant, and the fixtures reuse the imported Free Exercise DB and its
search index through EXGRAPH_TEST_CACHE (tests/conftest.py). `--sample N` runs N mutants per
module, drawn at random with a fixed seed, when a complete run would take too long.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import shutil
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = ROOT.parent / "shared" / "data" / "free-exercise-db" / "exercises.json"
PLUGIN = "mutation"  # this file, loaded by pytest (`-p`) to keep each test file's tests together
KILLED = {"killed", "timeout", "caught by type check"}


def modules() -> list[str]:
    """The files mutated, as listed in pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return list(config["tool"]["mutmut"]["only_mutate"])


def prefix(module: str) -> str:
    """The start of the names mutmut gives the mutants of `module`."""
    return module.removesuffix(".py").replace("/", ".") + "."


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests of each file together, files in order of first appearance (mutmut lists
    the tests fastest first, which would build module and session fixtures again and again)."""
    first: dict[Path, int] = {}
    for item in items:
        first.setdefault(item.path, len(first))
    items.sort(key=lambda item: first[item.path])


@dataclass
class Survivor:
    """A mutant no test killed: where, what changed, and its mutmut status."""

    location: str
    change: str
    status: str


@dataclass
class Score:
    """One module's mutants by status, and its survivors."""

    counts: Counter[str] = field(default_factory=Counter)
    survivors: list[Survivor] = field(default_factory=list)

    @property
    def run(self) -> int:
        return sum(n for status, n in self.counts.items() if status != "not checked")

    @property
    def killed(self) -> int:
        return sum(self.counts[status] for status in KILLED)

    @property
    def score(self) -> float:
        return self.killed / self.run if self.run else 0.0


def widen_to_test_files(state: Any) -> None:
    """Give each function every test of the test files that reach it, in suite order."""
    by_file: dict[str, list[str]] = defaultdict(list)
    for test in state.duration_by_test:
        by_file[test.partition("::")[0]].append(test)
    for function, tests in state.tests_by_mangled_function_name.items():
        files = {test.partition("::")[0] for test in tests}
        state.tests_by_mangled_function_name[function] = {
            test for name in files for test in by_file.get(name, [])} | set(tests)


def sampled(mutants: list[Any], chosen: list[str], sample: int, seed: int) -> list[Any]:
    """The mutants of the chosen modules; at most `sample` of each (0: all)."""
    picked = []
    for module in chosen:
        mine = [m for m in mutants if m[1].startswith(prefix(module))]
        if sample and len(mine) > sample:
            mine = random.Random(f"{seed}:{module}").sample(mine, sample)
        picked.extend(mine)
    return picked


def run_mutmut(chosen: list[str], jobs: int, sample: int, seed: int) -> None:
    """Generate the mutants and test those of the chosen modules (mutmut, in this process)."""
    import mutmut.__main__ as mutmut_main
    from mutmut.configuration import config
    from mutmut.state import state

    config().pytest_add_cli_args.extend(["-p", PLUGIN])
    collect_stats: Callable[..., None] = mutmut_main.collect_or_load_stats
    collect_mutants: Callable[..., Any] = mutmut_main.collect_source_file_mutation_data

    def stats_then_widen(*args: Any, **kwargs: Any) -> None:
        collect_stats(*args, **kwargs)
        widen_to_test_files(state())

    def only_chosen(*args: Any, **kwargs: Any) -> Any:
        mutants, by_path = collect_mutants(*args, **kwargs)
        return sampled(mutants, chosen, sample, seed), by_path

    mutmut_main.collect_or_load_stats = stats_then_widen
    mutmut_main.collect_source_file_mutation_data = only_chosen
    try:
        mutmut_main._run([prefix(module) + "*" for module in chosen], jobs)
    except SystemExit as stop:
        if stop.code:
            raise


def function_lines(module: str) -> dict[tuple[str | None, str], tuple[int, int]]:
    """(class, function) -> first and last line, for the functions and methods of `module`."""
    spans = {}
    tree = ast.parse((ROOT / module).read_text("utf-8"))
    for node in tree.body:
        members = node.body if isinstance(node, ast.ClassDef) else [node]
        owner = node.name if isinstance(node, ast.ClassDef) else None
        for member in members:
            if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef):
                spans[owner, member.name] = (member.lineno, member.end_lineno or member.lineno)
    return spans


def describe(module: str, mutant: str, lines: list[str],
             spans: dict[tuple[str | None, str], tuple[int, int]]) -> tuple[str, str]:
    """The survivor's `file:line` and its change as `-original +mutant`."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.utils.format_utils import orig_function_and_class_names_from_key

    diff = get_diff_for_mutant(mutant, path=module).splitlines()[2:]
    removed = [line[1:].strip() for line in diff if line.startswith("-")]
    added = [line[1:].strip() for line in diff if line.startswith("+")]
    function, owner = orig_function_and_class_names_from_key(mutant)
    first, last = spans.get((owner, function), (1, len(lines)))
    line = first
    if removed:
        line = next((n for n in range(first, last + 1) if lines[n - 1].strip() == removed[0]),
                    first)
    return f"{module}:{line}", f"-{' / '.join(removed)}  +{' / '.join(added)}"


def collect_scores(chosen: list[str]) -> dict[str, Score]:
    """Each module's counts and survivors, read from mutmut's results."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code

    scores = {}
    for module in chosen:
        data = SourceFileMutationData(path=Path(module))
        data.load()
        lines = (ROOT / module).read_text("utf-8").splitlines()
        spans = function_lines(module)
        score = Score()
        for mutant, exit_code in sorted(data.exit_code_by_key.items()):
            status = status_by_exit_code[exit_code]
            score.counts[status] += 1
            if status not in KILLED and status != "not checked":
                location, change = describe(module, mutant, lines, spans)
                score.survivors.append(Survivor(location, change, status))
        score.survivors.sort(key=lambda s: (int(s.location.rpartition(":")[2]), s.change))
        scores[module] = score
    return scores


def report(scores: dict[str, Score], seconds: float | None) -> str:
    """The table, then the survivors of each module."""
    out = [f"{'module':34} {'mutants':>7} {'run':>5} {'killed':>6} {'surv.':>5} {'t/o':>4} "
           f"{'score':>6}"]
    for module, s in scores.items():
        out.append(f"{module:34} {s.counts.total():7} {s.run:5} {s.counts['killed']:6} "
                   f"{len(s.survivors):5} {s.counts['timeout']:4} {s.score:6.1%}")
    out.append("mutants: generated; run: tested (all, or the --sample); score = (killed + "
               "timeout) / run; survivors include mutants no test reaches")
    if seconds is not None:
        out.append(f"total time {seconds / 60:.1f} min")
    for module, s in scores.items():
        if s.survivors:
            out.append(f"\n## {module}: {len(s.survivors)} survivors")
            out.extend(f"{v.location}: {v.change}"
                       + ("" if v.status == "survived" else f"  [{v.status}]")
                       for v in s.survivors)
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", choices=modules(),
                        help="a module to mutate (repeatable; default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants tested at once")
    parser.add_argument("--sample", type=int, default=0,
                        help="test at most N random mutants per module (default: all)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the --sample draw")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--report", action="store_true",
                        help="only report the results of the last run (kept in mutants/)")
    args = parser.parse_args()
    chosen = args.module or modules()

    os.chdir(ROOT)
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # for pytest's `-p mutation`
    os.environ.setdefault("EXGRAPH_FREE_EXERCISE_DB", str(DEFAULT_DB))
    started = time.monotonic()
    seconds = None
    if not args.report:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)  # stale results would be reported
        with tempfile.TemporaryDirectory(prefix="exgraph-mutation-") as cache:
            os.environ["EXGRAPH_TEST_CACHE"] = cache
            run_mutmut(chosen, args.jobs, args.sample, args.seed)
        seconds = time.monotonic() - started
    text = report(collect_scores(chosen), seconds)
    print("\n" + text)
    if args.output:
        args.output.write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
