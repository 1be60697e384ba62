"""The HTTP API and the dashboard: a FastAPI app over one dyadwire database.

Every endpoint calls one query of `dyadwire.store.queries` (the ones the CLI and the Python API
use) on a read-only connection opened for that request alone (`dyadwire.store.reading`), so an
ingest writing the same file can take the lock between two requests; a request that meets the
writer's lock waits for its batch to be written (a second or less) instead of failing.

Errors all have one shape, `{"ok": false, "error": "...", "status": n}`: 400 for a bad
parameter (the message names it), 404 for an unknown path or id, 405 for a wrong method, 503
when the database cannot be read now (missing, or held by a writer for too long), 500 for a bug.
List endpoints answer as CSV with `?format=csv`, `/api/events` also as GeoJSON.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal, Optional

from fastapi import FastAPI, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from dyadwire import __version__
from dyadwire.nlp.confidence_model import min_confidence_or_default
from dyadwire.store import queries
from dyadwire.store.db import StoreBusy, StoreError, reading
from dyadwire.store.schema import EVENT_COLUMNS, event_row

# Settings (documented in the README and `dyadwire serve --help`).
MAX_ROWS = 10_000  # the most rows one request returns (`limit` above this is refused)
DEFAULT_ROWS = 100


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def error_body(status: int, message: str) -> dict:
    return {"ok": False, "error": message, "status": status}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(error_body(status, message), status_code=status)


def plotly_js() -> Path:
    """plotly.js as the plotly Python package installs it: the dashboard's only script library."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


STATIC = resources.files("dyadwire.serve") / "static"

Limit = Annotated[int, Query(ge=0, le=MAX_ROWS, description=f"At most this many rows (0 = none, "
                                                               f"only the total; at most {MAX_ROWS}).")]
Offset = Annotated[int, Query(ge=0, description="Skip this many rows first.")]
MinConfidence = Annotated[Optional[float], Query(
    ge=0, le=1, description="Only events whose confidence (the probability the event is right) is at "
    "least this; 0 counts every event. Default: the threshold fitted with the confidence model.")]
DateFrom = Annotated[Optional[date], Query(alias="from", description="Earliest date, YYYY-MM-DD.")]
DateTo = Annotated[Optional[date], Query(alias="to", description="Latest date, YYYY-MM-DD.")]
Actor = Annotated[Optional[str], Query(description="A country (ISO3, e.g. USA) or an actor code (USAMIL).",
                                       max_length=40)]
Root = Annotated[Optional[str], Query(pattern=r"^(0?[1-9]|1[0-9]|20)$", description="CAMEO root code, 01-20.")]
ListFormat = Annotated[Literal["json", "csv"], Query(description="json, or csv for a download.")]


def create_app(db: str | Path) -> FastAPI:
    db = str(db)
    app = FastAPI(
        title="dyadwire",
        version=__version__,
        description="Political event data from raw news: events, dyads, actors, networks, "
                    "articles and alerts from one dyadwire database. Errors: "
                    '`{"ok": false, "error", "status"}`.',
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN; /openapi.json stays
    )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = {404: f"no such path: {request.url.path}",
                   405: f"{request.method} is not allowed on {request.url.path}; use GET"}.get(
            exc.status_code, str(exc.detail))
        if exc.status_code == 404 and exc.detail not in (None, "Not Found"):
            message = str(exc.detail)
        return _error(exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError):
        problems = []
        for err in exc.errors():
            where = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
            value = err.get("input")
            shown = f" (got {value!r})" if isinstance(value, (str, int, float)) else ""
            problems.append(f"{'.'.join(where) or 'request'}: {err.get('msg', 'invalid')}{shown}")
        return _error(400, "; ".join(problems))

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return _error(exc.status, exc.message)

    @app.exception_handler(StoreBusy)
    async def busy(request: Request, exc: StoreBusy):
        return _error(503, str(exc))

    @app.exception_handler(StoreError)
    async def unusable(request: Request, exc: StoreError):
        return _error(503, str(exc))

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError):
        return _error(400, str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception):
        return _error(500, f"internal error: {type(exc).__name__}: {exc}")

    # -- the API -----------------------------------------------------------------------------

    @app.get("/api/events", summary="Events, newest first, in the JSON shape of `dyadwire code`")
    def api_events(source: Actor = None, target: Actor = None, root: Root = None,
                   date_from: DateFrom = None, date_to: DateTo = None,
                   q: Annotated[Optional[str], Query(max_length=200, description="Words that must all occur in the evidence sentence.")] = None,
                   limit: Limit = DEFAULT_ROWS, offset: Offset = 0,
                   min_confidence: MinConfidence = None,
                   reports: Annotated[bool, Query(description="Every report with its own coding, instead of one row per real-world event.")] = False,
                   facets: Annotated[bool, Query(description="Add the most frequent CAMEO roots, quad classes, countries and modalities of all matching events.")] = False,
                   format: Annotated[Literal["json", "csv", "geojson"], Query(description="json, csv, or geojson (located events only).")] = "json"):
        f = queries.EventFilter(source=source, target=target, root=root.zfill(2) if root else None,
                                date_from=date_from, date_to=date_to, q=q, limit=limit, offset=offset,
                                min_confidence=min_confidence_or_default(min_confidence))
        with reading(db) as con:
            page = queries.event_page(con, f, facets=facets and format == "json", reports=reports)
        if format == "csv":
            names = [n for n, _ in EVENT_COLUMNS]
            return _csv("events.csv", names, [event_row(e) for e in page["events"]])
        if format == "geojson":
            return JSONResponse(geojson(page["events"]) | {"total": page["total"]},
                                media_type="application/geo+json")
        return page

    @app.get("/api/dyads", summary="A dyad's events per period: volume, quad classes, Goldstein mean")
    def api_dyads(source: Annotated[str, Query(max_length=40, description="A country or actor code.")],
                  target: Annotated[str, Query(max_length=40, description="A country or actor code.")],
                  interval: Annotated[Literal["day", "week", "month"], Query()] = "month",
                  date_from: DateFrom = None, date_to: DateTo = None,
                  both: Annotated[bool, Query(description="Count both directions.")] = False,
                  min_confidence: MinConfidence = None, format: ListFormat = "json"):
        with reading(db) as con:
            series = queries.dyad_series(con, source, target, interval=interval,
                                         date_from=date_from, date_to=date_to, both=both,
                                         min_confidence=min_confidence_or_default(min_confidence))
        if format == "csv":
            return _csv("dyad.csv", ["period", "events", "quad_1", "quad_2", "quad_3", "quad_4", "goldstein_mean"],
                        [(s["period"], s["events"], *s["quad"].values(), s["goldstein_mean"]) for s in series])
        return {"source": source.upper(), "target": target.upper(), "interval": interval,
                "both": both, "series": series}

    @app.get("/api/actors", summary="Actors seen in events, most active first")
    def api_actors(q: Annotated[Optional[str], Query(max_length=200)] = None,
                   limit: Limit = DEFAULT_ROWS, offset: Offset = 0, format: ListFormat = "json"):
        with reading(db) as con:
            found = queries.search_actors(con, q, limit=limit, offset=offset)
        if format == "csv":
            return _csv("actors.csv", list(queries.ACTOR_KEYS),
                        [[a[k] for k in queries.ACTOR_KEYS] for a in found["actors"]])
        return found

    @app.get("/api/actors/{entity_id}", summary="One actor: roles over time, events by year")
    def api_actor(entity_id: Annotated[str, PathParam(max_length=200)]):
        with reading(db) as con:
            found = queries.actor(con, entity_id)
        if found is None:
            raise ApiError(404, f"no actor {entity_id!r} in any event")
        return found

    @app.get("/api/network", summary="The directed actor network of a period: nodes and weighted edges")
    def api_network(date_from: DateFrom = None, date_to: DateTo = None,
                    min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                    by: Annotated[Literal["code", "country", "entity"], Query()] = "code",
                    min_confidence: MinConfidence = None,
                    format: Annotated[Literal["json", "csv"], Query(description="json, or csv of the edges.")] = "json"):
        with reading(db) as con:
            net = queries.network(con, date_from=date_from, date_to=date_to,
                                  min_events=min_events, by=by,
                                  min_confidence=min_confidence_or_default(min_confidence))
        if format == "csv":
            keys = ["source", "target", "weight", "goldstein_mean", "conflict"]
            return _csv("network.csv", keys, [[e[k] for k in keys] for e in net["edges"]])
        return net

    @app.get("/api/articles/{article_id}", summary="An article's text with each event's evidence span")
    def api_article(article_id: Annotated[str, PathParam(max_length=500)]):
        with reading(db) as con:
            found = queries.article(con, article_id)
        if found is None:
            raise ApiError(404, f"no article {article_id!r}")
        return found

    @app.get("/api/alerts", summary="Dyads whose conflict is over 25% above their own baseline")
    def api_alerts(period: Annotated[Literal["week", "month"], Query()] = "week",
                   baseline: Annotated[int, Query(ge=4, le=52, description="Baseline length in weeks: 4 or 52.")] = 4,
                   threshold: Annotated[float, Query(ge=0, le=100)] = 0.25,
                   as_of: Annotated[Optional[date], Query(description="Last day of the period (default: the newest event date).")] = None,
                   min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 2,
                   min_confidence: MinConfidence = None, format: ListFormat = "json"):
        with reading(db) as con:
            found = queries.alerts(con, period=period, baseline_weeks=baseline, threshold=threshold,
                                   as_of=as_of, min_events=min_events,
                                   min_confidence=min_confidence_or_default(min_confidence))
        if format == "csv":
            keys = ["source", "target", "current", "baseline", "change", "period_start", "period_end"]
            return _csv("alerts.csv", keys, [[a[k] for k in keys] for a in found["alerts"]])
        return found

    @app.get("/api/stories", summary="Stories (articles grouped by the story they follow), the largest first")
    def api_stories(limit: Limit = DEFAULT_ROWS, offset: Offset = 0, format: ListFormat = "json"):
        with reading(db) as con:
            found = queries.story_page(con, limit=limit, offset=offset)
        if format == "csv":
            return _csv("stories.csv", list(queries.STORY_KEYS),
                        [[s[k] for k in queries.STORY_KEYS] for s in found["stories"]])
        return found

    @app.get("/api/stories/{story_id}/timeline",
             summary="A story's timeline: its best-supported dates, each with key sentences and report count")
    def api_timeline(story_id: Annotated[str, PathParam(max_length=200)],
                     dates: Annotated[Optional[int], Query(ge=1, le=MAX_ROWS, description="At most this many dates (the best supported); default every date.")] = None,
                     sentences: Annotated[int, Query(ge=1, le=100, description="Evidence sentences per date.")] = 3,
                     date_from: DateFrom = None, date_to: DateTo = None, format: ListFormat = "json"):
        with reading(db) as con:
            if not queries.story_exists(con, story_id):
                raise ApiError(404, f"no story {story_id!r}")
            entries = queries.timeline(con, story_id, dates=dates, sentences=sentences,
                                       date_from=date_from, date_to=date_to)
        if format == "csv":
            keys = ["date", "sentences", "event_ids", "article_ids", "reports"]
            return _csv("timeline.csv", keys, [[d[k] for k in keys] for d in entries])
        return {"story_id": story_id, "timeline": entries}

    # -- the dashboard -----------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def dashboard():
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)

    @app.get("/static/topojson/{name}", include_in_schema=False)
    def topojson(name: str):
        if name != "world_110m.json":
            raise ApiError(404, f"no such file: /static/topojson/{name}")
        return Response((STATIC / "topojson" / name).read_bytes(), media_type="application/json")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str):
        if name == "plotly.min.js":
            return FileResponse(plotly_js(), media_type="text/javascript")
        files = {"dashboard.js": "text/javascript", "dashboard.css": "text/css"}
        if name not in files:
            raise ApiError(404, f"no such file: /static/{name}")
        return Response((STATIC / name).read_text(encoding="utf-8"), media_type=files[name])

    return app


def geojson(events: list[dict]) -> dict:
    """Located events as a GeoJSON FeatureCollection: a Point at the event's place, with the
    event's JSON as its properties."""
    features = []
    for e in events:
        loc = e.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        features.append({"type": "Feature", "id": e["event_id"],
                         "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                         "properties": e})
    return {"type": "FeatureCollection", "features": features}


def _csv(filename: str, header: list[str], rows) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else (json.dumps(v) if isinstance(v, (list, dict)) else v)
                         for v in row])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
