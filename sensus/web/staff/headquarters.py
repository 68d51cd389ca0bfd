"""Census headquarters pages (supervisors for their own areas, administrators for all):
progress by region level with its charts, and a CSV of every table shown.

What one may see is decided by the service (``Headquarters``); a region outside one's scope
is a page that does not exist, as an unknown region code is.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from starlette.responses import Response
from starlette.routing import Route

from sensus.domain import errors
from sensus.domain.staff import ADMIN, SUPERVISOR
from sensus.services.exports import FORMATS, ExportRequest
from sensus.services.headquarters import SORTS, DailyResponses, RegionProgress, parse_day
from sensus.services.population import AGE_GROUPS
from sensus.web.i18n import format_day
from sensus.web.staff import charts
from sensus.web.staff.pages import HEADERS, PREFIX, View, route

ROLES = (SUPERVISOR, ADMIN)
HOME = f"{PREFIX}/kantor"
PROGRESS_CSV = f"{HOME}/kemajuan.csv"
DAILY_CSV = f"{HOME}/harian.csv"
EXPORT = f"{PREFIX}/admin/ekspor"
POPULATION = f"{HOME}/penduduk"


def _region(view: View) -> str:
    return view.request.query_params.get("wilayah", "")[:12]


def _sort(view: View) -> tuple[str, bool]:
    sort = view.request.query_params.get("urut", "code")
    return (sort if sort in SORTS else "code"), view.request.query_params.get("arah") == "turun"


def page(view: View) -> Response:
    region = _region(view)
    sort, descending = _sort(view)
    hq = view.services.headquarters
    report = hq.progress(view.signed_in, region, sort, descending)
    params = view.request.query_params
    daily = hq.daily(
        view.signed_in, region, parse_day(params.get("dari")), parse_day(params.get("sampai"))
    )
    en = view.lang == "en"
    return view.render(
        "headquarters/progress.html",
        path=HOME,
        # Times in the zone of the region shown (WITA for Kalimantan Selatan); the whole
        # country is on the census clock (WIB) for an administrator.
        zone_place=region or view.zone_place,
        report=report,
        daily=daily,
        sort=sort,
        descending=descending,
        region=region,
        daily_chart=_daily_chart(daily, en, cumulative=False),
        cumulative_chart=_daily_chart(daily, en, cumulative=True),
        rate_chart=charts.ranked_bars(
            "Response rate by region" if en else "Tingkat respons per wilayah",
            [(row.name or row.code, row.rate) for row in report.rows],
        ),
    )


def progress_csv(view: View) -> Response:
    region = _region(view)
    sort, descending = _sort(view)
    report = view.services.headquarters.progress(view.signed_in, region, sort, descending)
    return _csv(f"kemajuan-{region or 'indonesia'}.csv", PROGRESS_COLUMNS, _progress_rows(report))


def daily_csv(view: View) -> Response:
    region = _region(view)
    params = view.request.query_params
    daily = view.services.headquarters.daily(
        view.signed_in, region, parse_day(params.get("dari")), parse_day(params.get("sampai"))
    )
    return _csv(f"harian-{region or 'indonesia'}.csv", DAILY_COLUMNS, _daily_rows(daily))


PROGRESS_COLUMNS = (
    "code", "name", "households", "online", "interviewed", "outstanding", "response_rate",
)  # fmt: skip
DAILY_COLUMNS = (
    "day", "online", "interviewed", "online_cumulative", "interviewed_cumulative",
)  # fmt: skip


def _progress_rows(report: RegionProgress) -> Iterable[Sequence[object]]:
    for row in [*report.rows, report.total]:
        yield (
            row.code, row.name, row.households, row.online, row.interviewed, row.outstanding,
            f"{row.rate:.4f}",
        )  # fmt: skip


def _daily_rows(daily: DailyResponses) -> Iterable[Sequence[object]]:
    online, interviewed = daily.cumulative(daily.online), daily.cumulative(daily.interviewed)
    for i, day in enumerate(daily.days):
        yield day.isoformat(), daily.online[i], daily.interviewed[i], online[i], interviewed[i]


def _csv(filename: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _daily_chart(daily: DailyResponses, en: bool, *, cumulative: bool) -> object:
    online = daily.cumulative(daily.online) if cumulative else daily.online
    interviewed = daily.cumulative(daily.interviewed) if cumulative else daily.interviewed
    if en:
        title = "Households answered, cumulative" if cumulative else "Households answered per day"
        names = ("Online", "Interview")
    else:
        title = (
            "Rumah tangga menjawab, kumulatif" if cumulative else "Rumah tangga menjawab per hari"
        )
        names = ("Online", "Wawancara")
    return charts.lines(
        title,
        [format_day(d, "en" if en else "id") for d in daily.days],
        [
            (names[0], charts.ONLINE_COLOUR, online),
            (names[1], charts.INTERVIEW_COLOUR, interviewed),
        ],
    )


def export_form(view: View, status: int = 200, message: str = "") -> Response:
    return view.render(
        "headquarters/export.html", status=status, path=EXPORT, formats=FORMATS, message=message
    )


def export(view: View) -> Response:
    """The files of one format and the codebook, as a zip (audited by the service)."""
    form = view.form
    chosen = form.get("format")
    request_lang = "en" if form.get("labels") == "en" else "id"
    with tempfile.TemporaryDirectory(prefix="sensus-export-") as folder:
        out = Path(folder) / "files"
        request = ExportRequest(
            [chosen],
            out,
            identifiers=form.get("identifiers") == "yes",
            all_records=form.get("all") == "yes",
            lang=request_lang,
        )
        try:
            view.services.exporter.export(view.signed_in.audit_name, request)
        except errors.SensusError as error:
            if error.problem.kind in (errors.Kind.INVALID, errors.Kind.NOT_FOUND):
                en, problem = view.lang == "en", error.problem
                # The field's own message says what to change ("format: one of csv, ...").
                said = [problem.en if en else problem.id]
                said += [field.en if en else field.id for field in error.fields]
                return export_form(view, 422, " ".join(said))
            raise
        archive = Path(folder) / "export.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in sorted(out.iterdir()):
                zipped.write(path, path.name)
        data = archive.read_bytes()
    filename = f"sensus-{chosen}.zip"
    headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type="application/zip", headers=headers)


def population_page(view: View) -> Response:
    region = _region(view)
    found = view.services.population.population(view.signed_in, region)
    en = view.lang == "en"
    chart = charts.pyramid(
        "Persons counted by age and sex"
        if en
        else "Penduduk terhitung menurut umur dan jenis kelamin",
        AGE_GROUPS,
        found.male,
        found.female,
        ("Male", "Female") if en else ("Laki-laki", "Perempuan"),
    )
    return view.render(
        "headquarters/population.html", path=POPULATION, found=found, region=region,
        pyramid=chart, groups=AGE_GROUPS,
    )  # fmt: skip


def pyramid_csv(view: View) -> Response:
    region = _region(view)
    found = view.services.population.population(view.signed_in, region)
    rows = ((g, found.male[i], found.female[i]) for i, g in enumerate(AGE_GROUPS))
    return _csv(f"piramida-{region or 'indonesia'}.csv", ("age_group", "male", "female"), rows)


def coverage_csv(view: View) -> Response:
    region = _region(view)
    found = view.services.population.population(view.signed_in, region)
    columns = ("code", "name", "counted", "moved_away", "died", "born", "new_members")
    rows = ([getattr(r, c) for c in columns] for r in [*found.rows, found.total])
    return _csv(f"cakupan-{region or 'indonesia'}.csv", columns, rows)


ROUTES: list[Route] = [
    route(POPULATION, population_page, roles=ROLES),
    route(f"{POPULATION}/piramida.csv", pyramid_csv, roles=ROLES),
    route(f"{POPULATION}/cakupan.csv", coverage_csv, roles=ROLES),
    route(EXPORT, export_form, roles=(ADMIN,)),
    route(EXPORT, export, roles=(ADMIN,), methods=("POST",)),
    route(HOME, page, roles=ROLES),
    route(PROGRESS_CSV, progress_csv, roles=ROLES),
    route(DAILY_CSV, daily_csv, roles=ROLES),
]
