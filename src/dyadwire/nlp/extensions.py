"""The Doc extensions dyadwire's components share, registered once at import.

Every extension holds plain dicts, lists and strings only, so a Doc survives being pickled to a
worker process (`nlp.pipe(n_process=2)`) or a Dask worker and back.

- `doc._.dw_article_date`: the article's publication date as an ISO string ("2023-03-03"), or
  None when the article is undated. The engine sets it before the pipeline runs.
- `doc._.dw_events`: one plain dict per event, written by the events component and enriched by
  the components after it (`dyadwire_when` adds "date", "date_precision", "date_basis" and may
  refine "modality"; `dyadwire_where` adds "location").
- `doc._.dw_actors`: one dict per actor mention `dyadwire_actors` resolved: token span ("start",
  "end"), "head", "text", and "code", "country", "sector", "entity_id", "name", "role".
- `doc._.dw_mentions`: mentions to store for cross-document work (same shape, char offsets).
- `doc._.dw_set_aside`: the sentences `dyadwire_events` did not code because they are not
  political news: {"sentence_index", "reason"} (a discard phrase, a sports result). Later
  components code nothing there either.
- `doc._.dw_times`: every temporal expression `dyadwire_when` found, resolved against the article
  date: {"start", "end" (char offsets), "text", "date", "precision", "basis", "direction"}.
- `doc._.dw_date_range`: for an undated article, the dates the offices its text names allow
  ({"start", "end", "precision", "basis": "inferred", "clues", "conflicts"}), or None; written by
  `dyadwire_article_dates`.
- `doc._.dw_role_evidence`: one dict per title the text gives a person
  (`dyadwire.actors.evidence.EVIDENCE_FIELDS`), written by `dyadwire_roles`; stored, and used by
  later runs.
- `doc._.dw_sentence_classes`: the sentence model's class probabilities per sentence, written by
  `dyadwire_classify`.

Every extension is registered here and nowhere else; the shapes of the records they hold are
the TypedDicts of `nlp.records` (`Mention`, `FoundEvent`, `TimeMention`, `RoleEvidence`).

List extensions are stored per Doc in `doc.user_data` through a getter that creates the list on
first access: a plain `default=[]` would be one list shared by every Doc.
"""

from __future__ import annotations

from spacy.tokens import Doc

LIST_EXTENSIONS = ("dw_events", "dw_times", "dw_actors", "dw_mentions", "dw_set_aside",
                   "dw_role_evidence", "dw_sentence_classes")
VALUE_EXTENSIONS = ("dw_article_date", "dw_date_range")


def _list_extension(name: str):
    key = ("dyadwire", name)

    def getter(doc: Doc) -> list:
        value = doc.user_data.get(key)
        if value is None:
            value = doc.user_data[key] = []
        return value

    def setter(doc: Doc, value: list | None) -> None:
        doc.user_data[key] = list(value) if value is not None else []

    return getter, setter


def unchanged(doc: Doc) -> Doc:
    """The component a factory builds when it has nothing to do: the components that know only
    the built-in CAMEO ontology (classify, stand-ins, the sentence model) leave a user's own
    ontology (`--replace-dictionaries`) alone."""
    return doc


def register() -> None:
    """Register the extensions; safe to call more than once."""
    for name in VALUE_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in LIST_EXTENSIONS:
        if not Doc.has_extension(name):
            getter, setter = _list_extension(name)
            Doc.set_extension(name, getter=getter, setter=setter)


register()
