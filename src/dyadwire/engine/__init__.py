"""Running the per-document stages: in process, a local process pool, or a Dask cluster."""

from dyadwire.engine.coding import CodingError, code_articles
from dyadwire.engine.ingest import IngestReport, ingest
from dyadwire.nlp.finish import events_from_doc

__all__ = ["CodingError", "IngestReport", "code_articles", "events_from_doc", "ingest"]
