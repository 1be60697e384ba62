"""Small real DuckDB databases for the surface tests (Python API, HTTP API, exports), written
through the store's own writer from hand-made events, so that each test knows every figure."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from dyadwire.model import Actor, Article, CodedArticle, Event, Place
from dyadwire.store import Store

ACTORS = {
    "USAMIL": Actor(text="Milley", code="USAMIL", country="USA", sector="MIL", entity_id="mark_milley",
                    name="Mark Milley", role="Chairman of the Joint Chiefs of Staff"),
    "ISRMIL": Actor(text="the Israeli military", code="ISRMIL", country="ISR", sector="MIL",
                    entity_id="isr_mil", name="Israel Defense Forces"),
    "IRN": Actor(text="Iran", code="IRN", country="IRN", entity_id="irn", name="Iran"),
    "USAGOV": Actor(text="Washington", code="USAGOV", country="USA", sector="GOV", entity_id="usa_gov",
                    name="United States government"),
}
CAMEO = {"040": (1, 1.0, "CONSULT"), "130": (3, -4.4, "THREATEN"), "190": (4, -10.0, "FIGHT"),
         "036": (1, 4.0, "CONSULT"), "112": (3, -2.0, "ACCUSE")}
PLACES = {"Tel Aviv": Place(name="Tel Aviv", country="ISR", lat=32.08, lon=34.78, precision="city"),
          "Isfahan": Place(name="Isfahan", country="IRN", lat=32.65, lon=51.67, precision="city")}


def event(article_id: str, text: str, sentence: str, index: int, src: str, cameo: str, tgt: str,
          day: str, place: str | None = None) -> Event:
    start = text.index(sentence)
    quad, goldstein, plover = CAMEO[cameo]
    return Event(
        article_id=article_id, sentence=sentence, sentence_index=index,
        span=(start, start + len(sentence)), raw_span=(start, start + len(sentence)),
        source=ACTORS[src], target=ACTORS[tgt], cameo=cameo, cameo_root=cameo[:2],
        quad_class=quad, penta_class=quad, goldstein=goldstein,
        plover={"type": plover, "mode": None}, date=day, date_precision="day",
        date_basis="article", location=PLACES.get(place) if place else None, trigger="x",
    )


def article(article_id: str, day: str, sentences: list[tuple], title: str | None = None,
            url: str | None = None) -> CodedArticle:
    """`sentences`: (sentence, source, cameo, target, place) or a bare sentence (no event)."""
    text = " ".join(s if isinstance(s, str) else s[0] for s in sentences)
    events = [event(article_id, text, s[0], i, s[1], s[2], s[3], day, s[4] if len(s) > 4 else None)
              for i, s in enumerate(sentences) if not isinstance(s, str)]
    return CodedArticle(
        article=Article(id=article_id, text=text, date=date.fromisoformat(day), title=title,
                        url=url, source="Test Wire", origin=f"{article_id}.txt"),
        clean_text=text, events=events,
        mentions=[{"start": e.span[0], "end": e.span[0] + 5, "text": e.sentence[:5],
                   "entity_id": e.source.entity_id, "code": e.source.code,
                   "country": e.source.country, "sector": e.source.sector, "role": e.source.role}
                  for e in events])


def small(path: Path) -> Path:
    """Three events in two articles (the Python API's doctests count on them)."""
    with Store(path) as store:
        store.write([
            article("a1", "2023-03-03", [
                ("Milley met the Israeli military in Tel Aviv.", "USAMIL", "040", "ISRMIL", "Tel Aviv"),
                ("Milley warned Iran.", "USAMIL", "130", "IRN"),
            ], title="US general in Israel", url="https://example.org/a1"),
            article("a2", "2021-06-10", [
                ("Israeli jets struck a site in Iran.", "ISRMIL", "190", "IRN", "Isfahan"),
            ], title="Strike <b>reported</b>"),
        ])
        store.refresh_actors()
    return path


def with_alerts(path: Path, as_of: date = date(2024, 6, 30)) -> Path:
    """A dyad (ISR -> IRN) whose conflict surges in the last week against a quiet 52 weeks, a
    dyad (USA -> IRN) as busy as ever, and cooperation (USA -> ISR) that never alerts."""
    batch = []
    for week in range(1, 53):  # one conflict event a week for a year before the last week
        day = (as_of - timedelta(days=7 * week)).isoformat()
        batch.append(article(f"base-{week}", day, [
            ("Israel struck a depot.", "ISRMIL", "190", "IRN", "Isfahan"),
            ("Washington accused Tehran.", "USAGOV", "112", "IRN"),
            ("Washington accused Tehran again.", "USAGOV", "112", "IRN"),
            ("Milley met the Israeli military.", "USAMIL", "040", "ISRMIL"),
        ]))
    batch.append(article("surge", as_of.isoformat(), [
        ("Israel struck a depot.", "ISRMIL", "190", "IRN", "Isfahan"),
        ("Israel struck a second depot.", "ISRMIL", "190", "IRN", "Isfahan"),
        ("Israel struck a base.", "ISRMIL", "190", "IRN", "Isfahan"),
        ("Israel threatened Iran.", "ISRMIL", "130", "IRN"),
        ("Washington accused Tehran.", "USAGOV", "112", "IRN"),
        ("Washington accused Tehran again.", "USAGOV", "112", "IRN"),
        ("Milley met the Israeli military.", "USAMIL", "040", "ISRMIL"),
        ("Milley met the Israeli military again.", "USAMIL", "036", "ISRMIL"),
    ]))
    with Store(path) as store:
        store.write(batch)
        store.refresh_actors()
    return path


STORY_EVIL_TITLE = 'Iran warns <script>window.__pwned = 3</script> of reprisals'
STORY_EVIL_SENTENCE = 'Iran threatened <img src=x onerror="window.__pwned = 4"> the Israeli military with reprisals.'


def with_stories(path: Path) -> Path:
    """Two stories, grouped by the across-reports stage (`dyadwire.stories.link`) as an ingest
    does: Milley's talks in Tel Aviv (three articles: the talks announced on the 1st, two
    outlets' reports of the talks on the 5th, one event), and months later a one-article story
    whose title and sentence hold markup."""
    from dyadwire.stories import link

    talks = "The talks covered radar cover, missile stocks and joint drills."
    with Store(path) as store:
        store.write([
            article("talks-1", "2024-03-01", [
                ("Milley said he would fly out to see Israeli commanders soon.", "USAMIL", "036", "ISRMIL"),
                talks], title="Milley to hold air defence talks in Tel Aviv"),
            article("talks-2", "2024-03-05", [
                ("Milley met the Israeli military again in Tel Aviv for air defence talks.", "USAMIL", "040", "ISRMIL", "Tel Aviv"),
                talks], title="Milley air defence talks in Tel Aviv go on"),
            article("talks-3", "2024-03-05", [
                ("Milley and the Israeli military held air defence talks in Tel Aviv.", "USAMIL", "040", "ISRMIL", "Tel Aviv"),
                "Radar cover and missile stocks were on the table."], title="Air defence talks with Milley in Tel Aviv"),
            article("warning", "2024-06-10", [
                "An untrusted <i>preamble</i> &amp; more.",
                (STORY_EVIL_SENTENCE, "IRN", "130", "ISRMIL")], title=STORY_EVIL_TITLE),
        ])
        store.refresh_actors()
        link(store.con)
    return path
