"""The national dataset: the whole country over many years, generated reproducibly from a seed
and bulk-loaded with PostgreSQL COPY.

What it holds (defaults): 100,000 cooperatives over the provinces; monthly submissions from
01/2012 to 10/2026 for every province valid in each month (63 until 06/2025, 34 after), all
approved, derived from the register itself (cooperative groups are not counted) so that the
stock-flow identity holds in every month and across the 2025 merger, with the approval in their
history; national plan targets; 30 units with 20,000 tasks; 2,000 meetings; 10,000 documents;
1,500 inspections and 1,500 complaints.

Loading: all rows are generated first, then copied in one transaction on a psycopg connection
of its own (``cursor.copy``; nothing else runs on that connection while a COPY is open). Like
pg_restore, the load turns row triggers off for its transaction: the audit triggers (pghistory)
do not record it, because these rows are an initial load, not changes anybody made, and
200,000 "insert" events would only bury the real history; foreign keys are then checked in bulk
and every other constraint and index stays in force (see ``load``). The load is then
measured against a bare COPY of the same rows into plain tables (same columns, no index, no
constraint, no trigger), which is the floor: ``load / bare`` must stay at most 1.5.
"""

import datetime
import json
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg
from django.db import connection

LOAD_TARGET = 1.5
START = (2012, 1)
END = (2026, 10)
MERGER = (2025, 7)
TZ = datetime.timezone(datetime.timedelta(hours=7))

AGRICULTURAL = ["crops", "livestock", "aquaculture", "forestry", "salt", "irrigation"]
NON_AGRICULTURAL = [
    "industry_handicraft",
    "trade_services",
    "transport",
    "construction",
    "peoples_credit_fund",
    "environment",
    "other",
]
NAME_WORDS = [
    "Thành Công",
    "Hòa Bình",
    "Phú Thịnh",
    "Tân Tiến",
    "Đoàn Kết",
    "Hưng Thịnh",
    "An Phát",
    "Bình Minh",
    "Quyết Thắng",
    "Hợp Lực",
    "Thắng Lợi",
    "Nông Nghiệp Xanh",
    "Dịch Vụ Tổng Hợp",
    "Chè Tân Cương",
    "Thủy Sản Sông Hậu",
    "Vận Tải Ánh Dương",
]
DOC_TYPES = ["TB", "KH", "CTr", "NQ", "QĐ", "CV", "BC", "HD", "KL"]
# Titles as the register's are written, so that the search has real words to find.
DOC_TITLES = {
    "TB": "Thông báo kết luận của Thường trực về",
    "KH": "Kế hoạch triển khai",
    "CTr": "Chương trình công tác về",
    "NQ": "Nghị quyết về",
    "QĐ": "Quyết định phê duyệt",
    "CV": "Công văn hướng dẫn",
    "BC": "Báo cáo tình hình",
    "HD": "Hướng dẫn thực hiện",
    "KL": "Kết luận kiểm tra",
}
DOC_TOPICS = [
    "phát triển hợp tác xã nông nghiệp",
    "kinh tế tập thể",
    "chuyển đổi số trong hợp tác xã",
    "hỗ trợ hợp tác xã chăn nuôi",
    "quỹ hỗ trợ phát triển hợp tác xã",
    "công tác thi đua, khen thưởng",
    "công tác kiểm tra, giám sát",
    "liên kết chuỗi giá trị nông sản",
]


@dataclass
class Table:
    """Rows for one database table, in the order of ``columns``."""

    name: str
    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    sequence: bool = True  # reset the id sequence after the load


@dataclass
class Sizes:
    cooperatives: int = 100_000
    tasks: int = 20_000
    units: int = 30
    meetings: int = 2_000
    documents: int = 10_000
    inspections: int = 1_500
    complaints: int = 1_500
    start: tuple[int, int] = START
    end: tuple[int, int] = END

    @classmethod
    def scaled(cls, scale: float, cooperatives: int | None = None) -> "Sizes":
        """The full size times ``scale``; the register of ``cooperatives`` entries when given
        (the growth figures of ``make bench`` keep the rest and grow the register alone)."""

        def n(value: int) -> int:
            return max(1, int(value * scale))

        return cls(
            cooperatives=cooperatives or n(100_000),
            tasks=n(20_000),
            meetings=n(2_000),
            documents=n(10_000),
            inspections=n(1_500),
            complaints=n(1_500),
        )


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def from_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


# Generation -------------------------------------------------------------------------------


def generate(*, seed: int, sizes: Sizes, provinces: list[dict]) -> list[Table]:
    """Every row of the dataset, deterministically from ``seed``. ``provinces`` are the
    province rows of the database (pk, code, valid_from, valid_to, successor_id)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    legacy = [p for p in provinces if p["valid_to"] is not None]
    current = [p for p in provinces if p["valid_to"] is None]
    by_pk = {p["pk"]: p for p in provinces}
    # Cooperatives per province in proportion to a fixed weight per old province (the old
    # provinces had between a few hundred and several thousand); a new province weighs as
    # much as the old ones merged into it.
    weight = {p["pk"]: rng.lognormvariate(0, 0.6) for p in legacy}
    for p in current:
        weight[p["pk"]] = sum(weight[q["pk"]] for q in legacy if q["successor_id"] == p["pk"])
        weight[p["pk"]] = weight[p["pk"]] or 1.0

    cooperatives, spans = _cooperatives(rng, sizes, legacy, current, weight)
    submissions, events, targets = _submissions(sizes, provinces, by_pk, spans)
    units, programmes, tasks = _tasks(rng, sizes)
    meetings = _meetings(rng, sizes)
    documents = _documents(rng, sizes)
    inspections, complaints = _casework(rng, sizes, legacy, current, len(units.rows))
    return [
        cooperatives,
        submissions,
        events,
        targets,
        units,
        programmes,
        tasks,
        meetings,
        documents,
        inspections,
        complaints,
    ]


def _cooperatives(rng, sizes, legacy, current, weight):
    table = Table(
        "cooperatives_cooperative",
        [
            "id",
            "name",
            "registration_code",
            "kind",
            "sector",
            "sub_sector",
            "province_id",
            "status",
            "established_on",
            "dissolved_on",
            "members",
            "charter_capital",
            "created_at",
            "updated_at",
            "tax_code",
            "registering_authority",
        ],
    )
    legacy_pks = [p["pk"] for p in legacy]
    legacy_weights = [weight[pk] for pk in legacy_pks]
    current_pks = [p["pk"] for p in current]
    current_weights = [weight[pk] for pk in current_pks]
    code_of = {p["pk"]: p["code"] for p in (*legacy, *current)}
    merger_day = datetime.date(*MERGER, 1)
    first_day = datetime.date(*sizes.start, 1)
    last_day = month_end(*sizes.end)
    oldest = datetime.date(1997, 1, 1)
    spans = []  # (province_id, sector, established index, dissolved index or None)
    for number in range(1, sizes.cooperatives + 1):
        # About 40 % already existed when the series starts.
        if rng.random() < 0.4:
            established = _day_between(rng, oldest, first_day - datetime.timedelta(days=1))
        else:
            established = _day_between(rng, first_day, last_day)
        if established >= merger_day:
            province = rng.choices(current_pks, current_weights)[0]
        else:
            province = rng.choices(legacy_pks, legacy_weights)[0]
        agricultural = rng.random() < 0.62
        sector = "agricultural" if agricultural else "non_agricultural"
        sub_sector = rng.choice(AGRICULTURAL if agricultural else NON_AGRICULTURAL)
        dissolved = None
        if rng.random() < 0.22:
            candidate = established + datetime.timedelta(days=rng.randint(90, 6000))
            if candidate <= last_day:
                dissolved = candidate
        # A suspended cooperative is not active in the register, and the counts derived below
        # count every cooperative not dissolved: the dataset has none suspended (the draw is
        # kept so that the same seed gives the same rows otherwise).
        rng.random()
        status = "dissolved" if dissolved else "active"
        roll = rng.random()
        kind = (
            "cooperative"
            if roll < 0.9
            else ("cooperative_group" if roll < 0.98 else "union_of_cooperatives")
        )
        created = at(max(established, datetime.date(2012, 1, 1)))
        table.rows.append(
            (
                number,
                f"HTX {rng.choice(NAME_WORDS)} {number}",
                f"{code_of[province]}{number:08d}",
                kind,
                sector,
                sub_sector,
                province,
                status,
                established,
                dissolved,
                rng.randint(7, 600),
                rng.randint(5, 5000) * 1_000_000,
                created,
                at(dissolved) if dissolved else created,
                f"{number:010d}",
                "",
            )
        )
        if kind == "cooperative_group":
            continue  # groups are not counted as cooperatives in the monthly figures
        spans.append(
            (
                province,
                agricultural,
                month_index(established.year, established.month),
                month_index(dissolved.year, dissolved.month) if dissolved else None,
                kind == "union_of_cooperatives",
            )
        )
    return table, spans


COUNTS = (
    "established_agricultural",
    "established_non_agricultural",
    "dissolved_agricultural",
    "dissolved_non_agricultural",
    "active_total",
)


def _submissions(sizes, provinces, by_pk, spans):
    """One approved submission per province valid in each month, computed from the register:
    established and dissolved by sector in the month, active at its end (not yet dissolved).
    After the merger an old province's cooperatives count for its successor, so the identity
    previous active + established − dissolved = active holds in July 2025 as in every month."""
    first, last = month_index(*sizes.start), month_index(*sizes.end)
    merger = month_index(*MERGER)
    established = defaultdict(int)  # (territory, index, agricultural) -> n
    dissolved = defaultdict(int)
    delta = defaultdict(int)  # (territory, index) -> change of the active count
    union_delta = defaultdict(int)  # the same for the unions of cooperatives among them

    def territory(province_id: int, index: int) -> int:
        province = by_pk[province_id]
        if index >= merger and province["valid_to"] is not None:
            return province["successor_id"]
        return province_id

    for province_id, agricultural, start, stop, union in spans:
        if stop is not None and stop < first:
            continue  # gone before the series starts
        begin = max(start, first)  # older cooperatives are in the stock of the first month
        delta[(territory(province_id, begin), begin)] += 1
        if union:
            union_delta[(territory(province_id, begin), begin)] += 1
            if stop is not None:
                union_delta[(territory(province_id, stop), stop)] -= 1
        if start >= first:
            established[(territory(province_id, start), start, agricultural)] += 1
        if stop is not None:
            there = territory(province_id, stop)
            dissolved[(there, stop, agricultural)] += 1
            delta[(there, stop)] -= 1
        # A cooperative alive across the merger is in its old province's June stock, which
        # the successor takes over in July: no separate move is needed.

    submissions = Table(
        "cooperatives_monthlysubmission",
        [
            "id",
            "province_id",
            "year",
            "month",
            *COUNTS,
            "nil_report",
            "explanation",
            "status",
            "version",
            "is_late",
            "return_reason",
            "created_at",
            "updated_at",
            "first_submitted_at",
            "submitted_at",
            "reviewed_at",
            "active_unions",
        ],
    )
    events = Table(
        "cooperatives_submissionevent",
        [
            "id",
            "submission_id",
            "action",
            "at",
            "version",
            "status_before",
            "status_after",
            "before",
            "after",
            "reason",
        ],
    )
    active = defaultdict(int)
    unions = defaultdict(int)
    december = {}
    number = 0
    for index in range(first, last + 1):
        year, month = from_index(index)
        day = month_end(year, month)
        for p in provinces:
            if not (p["valid_from"] <= day and (p["valid_to"] is None or day <= p["valid_to"])):
                continue
            pk = p["pk"]
            if index == merger and p["valid_to"] is None:
                # The new province starts from its old provinces' June stock.
                active[pk] = sum(active[q["pk"]] for q in provinces if q["successor_id"] == pk)
                unions[pk] = sum(unions[q["pk"]] for q in provinces if q["successor_id"] == pk)
            active[pk] += delta[(pk, index)]
            unions[pk] += union_delta[(pk, index)]
            figures = {
                "established_agricultural": established[(pk, index, True)],
                "established_non_agricultural": established[(pk, index, False)],
                "dissolved_agricultural": dissolved[(pk, index, True)],
                "dissolved_non_agricultural": dissolved[(pk, index, False)],
                "active_total": active[pk],
            }
            nil = not any(figures[name] for name in COUNTS[:4])
            number += 1
            following = day + datetime.timedelta(days=1)
            created, submitted, reviewed = (
                at(following, 8),
                at(following + datetime.timedelta(days=2), 10),
                at(following + datetime.timedelta(days=3), 15),
            )
            submissions.rows.append(
                (
                    number,
                    pk,
                    year,
                    month,
                    *(figures[name] for name in COUNTS),
                    nil,
                    "",
                    "approved",
                    1,
                    False,
                    "",
                    created,
                    reviewed,
                    submitted,
                    submitted,
                    reviewed,
                    unions[pk],
                )
            )
            after = json.dumps({**figures, "nil_report": nil, "explanation": ""})
            events.rows.append(
                (number, number, "approved", reviewed, 1, "submitted", "approved", after, after, "")
            )
            if month == 12:
                december[year] = december.get(year, 0) + active[pk]
    targets = Table(
        "cooperatives_plantarget", ["id", "year", "province_id", "active_target", "note"]
    )
    for number, year in enumerate(range(sizes.start[0], sizes.end[0] + 1), 1):
        base = december.get(year - 1) or december.get(year) or 1
        targets.rows.append((number, year, None, int(base * 1.03), ""))
    return submissions, events, targets


def _tasks(rng, sizes):
    units = Table("tasks_unit", ["id", "code", "name", "kind", "is_active", "head_name", "email"])
    for number in range(1, sizes.units + 1):
        kind = "department" if number <= 12 else "attached_unit"
        label = "Ban" if kind == "department" else "Trung tâm"
        units.rows.append(
            (number, f"unit-{number:02d}", f"{label} số {number}", kind, True, "", "")
        )
    years = list(range(sizes.start[0], sizes.end[0] + 1))
    programmes = Table("tasks_workprogram", ["id", "year", "title"])
    for number, year in enumerate(years, 1):
        programmes.rows.append((number, year, f"Chương trình công tác năm {year}"))
    programme_of = {year: number for number, year in enumerate(years, 1)}
    tasks = Table(
        "tasks_task",
        [
            "id",
            "title",
            "description",
            "kind",
            "programme_id",
            "lead_unit_id",
            "assigned_on",
            "due_on",
            "status",
            "percent_complete",
            "completed_on",
            "is_key",
            "created_at",
        ],
    )
    first, today = datetime.date(*sizes.start, 1), datetime.date(2026, 11, 27)
    for number in range(1, sizes.tasks + 1):
        assigned = _day_between(rng, first, today)
        due = assigned + datetime.timedelta(days=rng.randint(7, 180))
        roll = rng.random()
        if due < today - datetime.timedelta(days=30):
            status = "completed" if roll < 0.86 else ("cancelled" if roll < 0.9 else "in_progress")
        else:
            status = (
                "completed" if roll < 0.3 else ("in_progress" if roll < 0.75 else "not_started")
            )
        completed = None
        percent = {"completed": 100, "not_started": 0}.get(status, rng.randint(10, 90))
        if status == "completed":
            completed = min(due + datetime.timedelta(days=rng.randint(-30, 15)), today)
            completed = max(completed, assigned)
        tasks.rows.append(
            (
                number,
                f"Nhiệm vụ {number}: triển khai kế hoạch công tác",
                "",
                "task" if rng.random() < 0.9 else "submission",
                programme_of.get(assigned.year),
                rng.randint(1, sizes.units),
                assigned,
                due,
                status,
                percent,
                completed,
                rng.random() < 0.1,
                at(assigned),
            )
        )
    return units, programmes, tasks


def _meetings(rng, sizes):
    table = Table(
        "meetings_meeting",
        [
            "id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "format",
            "location",
            "chair_name",
            "reviews_month",
            "minutes",
            "quorum_rule",
            "created_at",
        ],
    )
    first, last = datetime.date(*sizes.start, 1), datetime.date(2026, 12, 31)
    for number in range(1, sizes.meetings + 1):
        day = _day_between(rng, first, last)
        kind = rng.choice(["monthly_review", "conference", "workshop", "other"])
        reviews = None
        if kind == "monthly_review":
            previous = day.replace(day=1) - datetime.timedelta(days=1)
            reviews = previous.replace(day=1)
        starts = at(day, 8)
        table.rows.append(
            (
                number,
                kind,
                f"Cuộc họp số {number}",
                starts,
                starts + datetime.timedelta(hours=3),
                rng.choice(["online", "in_person", "hybrid"]),
                "Hà Nội",
                "Chủ tịch Liên minh HTX Việt Nam",
                reviews,
                "",
                "half",
                starts,
            )
        )
    return table


def _documents(rng, sizes):
    table = Table(
        "meetings_document",
        [
            "id",
            "number",
            "status",
            "number_parsed",
            "serial",
            "serial_value",
            "doc_type",
            "issuer_code",
            "department_code",
            "year",
            "issued_on",
            "issuer_name",
            "title",
            "summary",
            "file",
            "created_at",
        ],
    )
    serials: dict[tuple[str, int], int] = defaultdict(int)
    for number in range(1, sizes.documents + 1):
        year = rng.randint(sizes.start[0], sizes.end[0])
        doc_type = rng.choice(DOC_TYPES)
        serials[(doc_type, year)] += 1
        serial = serials[(doc_type, year)]
        issued = _day_between(
            rng, datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), month_end(*sizes.end))
        )
        table.rows.append(
            (
                number,
                f"{serial}/{doc_type}-LMHTXVN",
                "recorded",  # the register's documents, numbered per type as recorded
                True,
                str(serial),
                serial,
                doc_type,
                "LMHTXVN",
                "",
                year,
                issued,
                "Liên minh Hợp tác xã Việt Nam",
                f"{DOC_TITLES[doc_type]} {DOC_TOPICS[number % len(DOC_TOPICS)]}"
                f" (số {serial} năm {year})",
                f"Văn bản số {serial}/{doc_type}-LMHTXVN ngày {issued:%d/%m/%Y}.",
                "",
                at(issued),
            )
        )
    return table


def _casework(rng, sizes, legacy, current, unit_count):
    from inspections.services import complaint_due_on
    from inspections.workdays import working_calendar

    inspections = Table(
        "inspections_inspection",
        [
            "id",
            "title",
            "kind",
            "subject_kind",
            "subject_name",
            "subject_province_id",
            "start_date",
            "end_date",
            "status",
            "findings",
            "conclusion_number",
            "concluded_on",
        ],
    )
    today = datetime.date(2026, 11, 27)
    first = datetime.date(*sizes.start, 1)
    merger_day = datetime.date(*MERGER, 1)
    for number in range(1, sizes.inspections + 1):
        start = _day_between(rng, first, today)
        end = start + datetime.timedelta(days=rng.randint(1, 20))
        union = rng.random() < 0.5
        pool = current if start >= merger_day else legacy
        status = "concluded" if end < today - datetime.timedelta(days=30) else "in_progress"
        inspections.rows.append(
            (
                number,
                f"Kiểm tra số {number}",
                rng.choice(["inspection", "supervision", "thematic"]),
                "provincial_union" if union else "cooperative",
                "" if union else f"HTX {rng.choice(NAME_WORDS)}",
                rng.choice(pool)["pk"] if union else None,
                start,
                end,
                status,
                "",
                "",
                end if status == "concluded" else None,
            )
        )
    complaints = Table(
        "inspections_complaint",
        [
            "id",
            "received_on",
            "channel",
            "kind",
            "complainant_kind",
            "complainant_name",
            "complainant_province_id",
            "contact_person",
            "contact_phone",
            "contact_address",
            "contact_email",
            "subject",
            "summary",
            "handling_unit_id",
            "is_complex",
            "is_remote_area",
            "due_on",
            "status",
            "outcome",
            "closed_on",
        ],
    )
    calendar = working_calendar()  # one read of the days off for every case
    for number in range(1, sizes.complaints + 1):
        received = _day_between(rng, first, today)
        kind = rng.choice(["complaint", "denunciation", "petition"])
        complex_case = rng.random() < 0.2
        due = complaint_due_on(
            received_on=received, kind=kind, is_complex=complex_case, calendar=calendar
        )
        closed = None
        if due < today - datetime.timedelta(days=10) and rng.random() < 0.95:
            status = rng.choice(["resolved", "rejected", "transferred"])
            closed = min(received + datetime.timedelta(days=rng.randint(5, 90)), today)
        else:
            status = rng.choice(["received", "accepted", "under_investigation"])
        pool = current if received >= merger_day else legacy
        complaints.rows.append(
            (
                number,
                received,
                rng.choice(["post", "in_person", "email", "phone"]),
                kind,
                "person",
                f"Công dân {number}",
                rng.choice(pool)["pk"],
                "",
                "",
                "",
                "",
                f"Đơn số {number}",
                "Nội dung đơn",
                rng.randint(1, unit_count),
                complex_case,
                False,
                due,
                status,
                "",
                closed,
            )
        )
    return inspections, complaints


# Loading ----------------------------------------------------------------------------------

DOMAIN_TABLES = [
    "cooperatives_submissionevent",
    "cooperatives_monthlysubmission",
    "cooperatives_plantarget",
    "cooperatives_cooperative",
    "tasks_task_supporting_units",
    "tasks_taskprogress",
    "tasks_task",
    "tasks_workprogram",
    "inspections_complaintstep",
    "inspections_complaint",
    "inspections_recommendation",
    "inspections_inspection_members",
    "inspections_inspection",
    "meetings_document_cites",
    "meetings_document_meetings",
    "meetings_agreement",
    "meetings_document",
    "meetings_conclusion",
    "meetings_agendaitem",
    "meetings_participant",
    "meetings_votresult",
    "meetings_voteresult",
    "meetings_meeting",
    "tasks_unit",
]


def connect() -> psycopg.Connection:
    """A psycopg connection of its own to Django's database, for the COPYs."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params.pop("server_side_binding", None)
    return psycopg.connect(**params)


def _copy(cursor, table: str, columns: list[str], rows: list[tuple], progress: Callable) -> None:
    # Nothing but write_row may happen inside this block: the connection is busy with the COPY.
    sql = "COPY {} ({}) FROM STDIN".format(table, ", ".join(columns))
    step = max(1, len(rows) // 10)
    with cursor.copy(sql) as copy:
        for number, row in enumerate(rows, 1):
            copy.write_row(row)
            if number % step == 0:
                progress(table, number, len(rows))


def bare_copy(tables: list[Table], progress: Callable) -> float:
    """The floor: the same rows into plain tables with the same columns and nothing else
    (created, filled and rolled back in one transaction, so nothing is left behind)."""
    with connect() as conn, conn.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"CREATE TABLE bench_bare_{table.name} "  # noqa: S608
                f"(LIKE {table.name} EXCLUDING ALL)"
            )
        started = time.perf_counter()
        for table in tables:
            _copy(cursor, f"bench_bare_{table.name}", table.columns, table.rows, progress)
        cursor.execute("SELECT 1")  # the COPYs are complete on the server
        elapsed = time.perf_counter() - started
        conn.rollback()
    return elapsed


def _secondary_indexes(cursor, names: list[str]) -> list[tuple[str, str]]:
    """(name, definition) of the plain indexes of these tables: not those behind a primary
    key or a unique constraint, which stay and check every row as it is copied."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
          AND NOT EXISTS (
              SELECT 1 FROM pg_constraint c
              WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))
                  ::regclass
          )
        """,
        [names],
    )
    return cursor.fetchall()


def _rebuildable_constraints(cursor, names: list[str]) -> list[tuple[str, str, str]]:
    """(table, constraint, definition) of the unique constraints and primary keys of these
    tables that no foreign key depends on: dropped before the load and rebuilt after, each
    checks every row in one sort."""
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        WHERE c.contype IN ('u', 'p') AND c.conrelid::regclass::text = ANY(%s)
          AND NOT EXISTS (
              SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid
          )
        """,
        [names],
    )
    return cursor.fetchall()


def _foreign_keys(cursor, names: list[str]) -> list[tuple[str, str, str, str, str]]:
    """(constraint, table, column, referenced table, referenced column) of these tables."""
    cursor.execute(
        """
        SELECT c.conname, c.conrelid::regclass::text, a.attname,
               c.confrelid::regclass::text, af.attname
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
        """,
        [names],
    )
    return cursor.fetchall()


def _referrers(cursor, names: list[str]) -> list[str]:
    """Tables outside ``names`` with a foreign key to one of them."""
    cursor.execute(
        """
        SELECT DISTINCT c.conrelid::regclass::text FROM pg_constraint c
        WHERE c.contype = 'f' AND c.confrelid::regclass::text = ANY(%s)
          AND NOT c.conrelid::regclass::text = ANY(%s)
        """,
        [names, names],
    )
    return sorted(row[0] for row in cursor.fetchall())


def _has_rows(cursor, name: str) -> bool:
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {name})")  # noqa: S608
    return cursor.fetchone()[0]


def _truncatable(cursor, names: list[str]) -> list[str]:
    """The tables among ``names`` that TRUNCATE may empty without touching any other table:
    those no table outside ``names`` refers to, directly or through one that must stay."""
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c
        WHERE c.contype = 'f' AND c.confrelid::regclass::text = ANY(%s)
        """,
        [names],
    )
    references = cursor.fetchall()
    kept = set(names)
    while True:
        referred = {
            target for source, target in references if target in kept and source not in kept
        }
        if not referred:
            return [name for name in names if name in kept]
        kept -= referred


def load(tables: list[Table], progress: Callable, *, commit: bool = True) -> float:
    """Copy every table into the portal's tables in one transaction, the way pg_restore loads
    data: the tables must be empty, and those that can be are truncated first, so that the
    rows go into new files (as the floor's do) and a rolled-back rehearsal leaves no dead
    rows behind for the next load to scan and index; row triggers off for this transaction
    (``session_replication_role = replica``: no
    audit event per loaded row, no per-row foreign-key trigger), plain indexes, unique
    constraints and the primary keys no foreign key refers to dropped before and built after
    (each built in one sort; a unique one fails the load on a duplicate), every foreign key
    then checked by one set-based query each (the load fails and rolls back on any dangling
    reference); NOT NULL, CHECK and the remaining primary keys are enforced by COPY itself.
    Then the id sequences move past the loaded ids and the tables are vacuumed and analysed.
    Returns the seconds it took. ``commit=False`` times the same load and rolls it back (a
    rehearsal, for a median over several runs)."""
    names = [table.name for table in tables]
    with connect() as conn, conn.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for name in names:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {name})")  # noqa: S608
            if cursor.fetchone()[0]:
                raise RuntimeError(f"{name} is not empty: the load fills empty tables only")
        # Tables outside the load that refer to it (a cooperative's status history, say) are
        # truncated with it when empty, so that they do not keep the loaded tables from being.
        empty_referrers = [
            name for name in _referrers(cursor, names) if not _has_rows(cursor, name)
        ]
        truncated = _truncatable(cursor, [*names, *empty_referrers])
        cursor.execute("TRUNCATE {}".format(", ".join(truncated)))
        indexes = _secondary_indexes(cursor, names)
        uniques = _rebuildable_constraints(cursor, names)
        for table, constraint, _definition in uniques:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for table in tables:
            _copy(cursor, table.name, table.columns, table.rows, progress)
        for table, constraint, definition in uniques:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" {definition}')
        for _name, definition in indexes:
            cursor.execute(definition)
        for constraint, table, column, target, target_column in _foreign_keys(cursor, names):
            cursor.execute(
                f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {target} r WHERE r.{target_column} = t.{column})"
            )
            dangling = cursor.fetchone()[0]
            if dangling:
                raise RuntimeError(f"{dangling} rows of {table} break {constraint}")
        for table in tables:
            if table.sequence and "id" in table.columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table.name}))"
                )
        if not commit:
            cursor.execute("SELECT 1")
            elapsed = time.perf_counter() - started
            conn.rollback()
            return elapsed
        conn.commit()
        elapsed = time.perf_counter() - started
        conn.autocommit = True
        for table in tables:  # statistics for the planner, visibility for index-only scans
            cursor.execute(f"VACUUM (ANALYZE) {table.name}")
    return elapsed


def database_name() -> str:
    return connection.settings_dict["NAME"]


def invalidate_caches() -> None:
    """Abandon the cached statistics and dashboards, which a load without signals leaves
    stale (the caches key their entries by a generation number; see the two modules)."""
    from cooperatives.statistics_cache import invalidate as statistics
    from reports.dashboard_cache import invalidate as dashboards

    statistics()
    dashboards()


def existing_rows() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for name in ("cooperatives_cooperative", "cooperatives_monthlysubmission", "tasks_task"):
            cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def flush() -> None:
    """Empty the tables the dataset fills (and what hangs off them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s)",
            [DOMAIN_TABLES],
        )
        present = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "TRUNCATE {} RESTART IDENTITY CASCADE".format(", ".join(present))  # noqa: S608
        )


def province_rows() -> list[dict]:
    from cooperatives.models import Province

    return [
        {
            "pk": p.pk,
            "code": p.code,
            "valid_from": p.valid_from,
            "valid_to": p.valid_to,
            "successor_id": p.successor_id,
        }
        for p in Province.objects.order_by("valid_from", "code")
    ]


def no_progress(table: str, done: int, total: int) -> None:
    """A progress callback that shows nothing (the rehearsals of the load)."""


def console_progress(stream=sys.stdout) -> Callable:
    def progress(table: str, done: int, total: int) -> None:
        stream.write(f"\r  {table}: {done:,}/{total:,}".ljust(70))
        if done == total:
            stream.write("\n")
        stream.flush()

    return progress
