"""Query understanding carried from one content snapshot to the next: after each kind of edit
(renames, muscles, patterns, added and deleted exercises, muscles and vocabulary), an engine
updated edit by edit answers exactly as an engine over the same index that understood
nothing before."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from content.loader import Workspace
from content.model import Kind
from content.store import Changes
from search.engine import SearchRequest
from search.evaluation import load_judgements
from search.service import SearchService
from search.understanding import fit
from search.whoosh_backend.engine import WhooshEngine
from search.whoosh_backend.spelling import Spellings

RELEVANCE = Path(__file__).parent / "relevance"
QUERIES = [
    *(judged.query for judged in load_judgements(RELEVANCE / "intents.yaml")),
    "instead of plank", "easier than plank", "harder than barbell squat",
    "alternative to squats", "front plank hold for beginners", "core at home",
    "quokka crawl", "quoka crawl", "shoulders no equipment", "abs with a band",
    "warm up before plank", "tricep workout no equipmnt", "bss", "bb squat",
    "easier than pull ups", "next step after inverted rows",
]
Edit = Callable[[Path], list[str]]


def _rewrite(library: Path, relative: str, *changes: tuple[str, str]) -> str:
    path = library / relative
    text = path.read_text(encoding="utf-8")
    for pattern, replacement in changes:
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
        assert count == 1, (relative, pattern)
    path.write_text(text, encoding="utf-8")
    return relative


def near_edits(library: Path) -> list[str]:
    """Exercises named in the queries change name, muscles, level and equipment."""
    return [
        _rewrite(library, "exercises/plank.md", (r"^aliases: \[", "aliases: [front plank hold, "),
                 (r"^secondary_muscles: \[\]$", "secondary_muscles: [shoulders]")),
        _rewrite(library, "exercises/barbell-squat.md", (r"^level: beginner$", "level: expert"),
                 (r"^pattern: squat$", "pattern: lunge")),
        _rewrite(library, "exercises/bodyweight-squat.md",
                 (r"^equipment: .*$", "equipment: bands")),
        _rewrite(library, "exercises/inverted-row.md", (r"^level: beginner$", "level: expert")),
    ]


def added_and_deleted(library: Path) -> list[str]:
    """A new exercise with a word no name had, another copied, one deleted."""
    source = (library / "exercises" / "bear-crawl-sled-drags.md").read_text(encoding="utf-8")
    (library / "exercises" / "quokka-crawl.md").write_text(
        re.sub(r"^name: .*$", "name: Quokka Crawl", source, count=1, flags=re.MULTILINE),
        encoding="utf-8")
    shutil.copy(library / "exercises" / "dead-bug.md", library / "exercises" / "banded-dead-bug.md")
    _rewrite(library, "exercises/banded-dead-bug.md", (r"^name: .*$", "name: Banded Dead Bug"),
             (r"^equipment: .*$", "equipment: bands"))
    (library / "exercises" / "dumbbell-flyes.md").unlink()
    return ["exercises/quokka-crawl.md", "exercises/banded-dead-bug.md",
            "exercises/dumbbell-flyes.md"]


def muscles_and_vocabulary(library: Path) -> list[str]:
    """A muscle gains an alias, the vocabulary a synonym and loses a filter phrase."""
    return [
        _rewrite(library, "muscles/abdominals.md", (r"^aliases: \[abs, ", "aliases: [tum, abs, ")),
        _rewrite(library, "vocabulary/slang.yaml",
                 (r"^synonyms:$", "synonyms:\n  - terms: [qc]\n    means: [quokka crawl]")),
        _rewrite(library, "vocabulary/filters.yaml",
                 (r"^    phrases: \[advanced, ", "    phrases: [")),
    ]


def far_edit(library: Path) -> list[str]:
    """An exercise sharing nothing with most queries changes its text only."""
    path = library / "exercises" / "neck-smr.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nRoll slowly.\n", encoding="utf-8")
    return ["exercises/neck-smr.md"]


def answers(engine: WhooshEngine) -> list[tuple[Any, ...]]:
    found = []
    for query in QUERIES:
        for kinds in (frozenset({Kind.EXERCISE}), frozenset(Kind)):
            results = engine.search(SearchRequest(query, kinds=kinds, limit=15))
            found.append((query, results.total, [(h.slug, h.score) for h in results.hits],
                          results.interpretation, results.did_you_mean,
                          sorted(results.exercise_slugs())))
    return found


@pytest.mark.parametrize("edits", [[near_edits, far_edit], [added_and_deleted],
                                   [muscles_and_vocabulary, near_edits]],
                         ids=["near-and-far", "added-and-deleted", "muscles-vocabulary"])
def test_an_updated_engine_understands_as_a_fresh_one(imported_dir: Path, tmp_path: Path,
                                                      edits: list[Edit]) -> None:
    library = tmp_path / "library"
    shutil.copytree(imported_dir, library)
    workspace = Workspace(library)
    service = SearchService(tmp_path / "index")
    engine = service.synchronise(workspace.scan())
    assert isinstance(engine, WhooshEngine)
    before = answers(engine)  # every fit, relation and spelling worked out once
    for edit in edits:
        loaded = workspace.update(edit(library))
        assert not loaded.errors, loaded.errors
        engine = service.synchronise(loaded)
        assert isinstance(engine, WhooshEngine) and service.generation is not None
        fresh = WhooshEngine(loaded.store, service.generation)
        assert answers(engine) == answers(fresh)
    assert answers(engine) != before  # the edits changed what these queries find


def equipment_alias(library: Path) -> list[str]:
    return [_rewrite(library, "equipment.yaml", (r"^  aliases: \[resistance band, ",
                                                 "  aliases: [theraband, resistance band, "))]


def test_correctable_words_follow_edits(imported_dir: Path, tmp_path: Path) -> None:
    """The words typos are corrected towards, patched edit by edit, are those of the
    content as it is."""
    library = tmp_path / "library"
    shutil.copytree(imported_dir, library)
    workspace = Workspace(library)
    store = workspace.scan().store
    spellings = Spellings.of(store)
    for edit in (near_edits, added_and_deleted, muscles_and_vocabulary, equipment_alias):
        after = workspace.update(edit(library)).store
        spellings = spellings.updated(after, Changes.between(store, after))
        fresh = Spellings.of(after)
        assert (spellings.stems, spellings.corrector.wordlist) == \
            (fresh.stems, fresh.corrector.wordlist)
        store = after
    assert {"quokka", "tum", "theraband"} <= spellings.stems.keys()


def test_kept_fits_stay_within_their_budget(imported_dir: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Fits are kept up to a number of exercise scores in all; past it the least recently
    used go, and are worked out again when asked for, to the same answers."""
    monkeypatch.setattr(fit, "SCORES_KEPT", 3000)
    engine = SearchService(tmp_path / "index").synchronise(Workspace(imported_dir).scan())
    assert isinstance(engine, WhooshEngine)
    first = answers(engine)
    fitting = engine._understood.fitting
    assert 0 < sum(len(fit._fit_of(kept).scores) for kept in fitting._fits.values()) <= 3000
    assert answers(engine) == first
