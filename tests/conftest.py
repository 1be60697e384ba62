"""Shared test fixtures: where the shared corpora are, and one loaded pipeline per session."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
SAMPLES = REPO / "samples"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data; skips the calling test when the corpus is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (corpus tests need ../shared/data beside the repo)")
    return path


@pytest.fixture(scope="session")
def base_nlp():
    """The spaCy model with our tokenizer fixes, without dyadwire's components."""
    from dyadwire.nlp.pipeline import load_base

    return load_base()


@pytest.fixture(scope="session")
def nlp():
    from dyadwire.nlp.pipeline import load

    return load()


def print_accuracy(totals: dict) -> None:
    """Print right/total per kind and overall, for the case-file reports (`python tests/...`)."""
    for kind, (right, n) in sorted(totals.items()):
        print(f"{kind:24s} {right:3d}/{n:<3d} {right / n:.0%}")
    right = sum(v[0] for v in totals.values())
    n = sum(v[1] for v in totals.values())
    print(f"{'all':24s} {right:3d}/{n:<3d} {right / n:.0%}")


def run_until(nlp, text: str, day: str | None, last: str):
    """A Doc run through the pipeline's components up to and including `last`."""
    doc = nlp.make_doc(text)
    doc._.dw_article_date = day
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == last:
            break
    return doc


def tally(totals: dict, kind: str, ok: bool) -> bool:
    """Count one case of `kind` for `print_accuracy`; returns `ok`."""
    totals[kind][0] += ok
    totals[kind][1] += 1
    return ok
