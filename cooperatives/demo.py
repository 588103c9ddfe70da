"""Demo data: every province's approved monthly counts from January 2021 to October 2026, the
provincial unions with their charters, the plan targets and a cooperative register that
matches the counts (with a few deliberate disagreements).

Generated from a fixed seed so that every run gives the same data. November 2021 reproduces the
source article exactly: 189 established (148 agricultural, 41 non-agricultural), 30 dissolved
(21, 9), 26.661 active, 15,5% above the 2021 plan of 23.083. The stock-flow identity holds for
every province and month, across the July 2025 merger too (a new province's June is the sum of
its predecessors'). The latest month has drafts, one returned and one late submission.
"""

import datetime
import json
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

import pgtrigger
from django.db import connection, transaction

from vca_portal import clock

from .choices import (
    AGRICULTURAL_SUB_SECTORS,
    NON_AGRICULTURAL_SUB_SECTORS,
    CooperativeKind,
    CooperativeStatus,
    Sector,
    SubmissionAction,
    SubmissionStatus,
)
from .models import (
    CURRENT_VALID_FROM,
    Cooperative,
    CooperativeFormerName,
    MonthlySubmission,
    PlanTarget,
    Province,
    ProvincialUnion,
    SubmissionEvent,
    month_end,
)
from .selectors import submission_deadline
from .services.provinces import provinces_sync

SEED = 20211130
# The demo runs from January 2021 to the month before today (the latest month provinces can have
# finished), whatever the day it is loaded on; see ``last_month``.
FIRST = (2021, 1)
VN = ZoneInfo("Asia/Ho_Chi_Minh")

# The source article's month.
NOVEMBER_2021 = {
    "established_agricultural": 148,
    "established_non_agricultural": 41,
    "dissolved_agricultural": 21,
    "dissolved_non_agricultural": 9,
    "active_total": 26661,
}
# Published year-end totals of active cooperatives (rounded in the sources).
YEAR_END_ACTIVE = {2022: 29400, 2023: 31400, 2024: 33600}
# National yearly targets of active cooperatives; 26.661 / 23.083 = 115,5%. Later years' targets
# grow by PLAN_GROWTH a year.
PLAN_TARGETS = {2021: 23083, 2022: 28000, 2023: 30500, 2024: 33000, 2025: 34500, 2026: 36000}
PLAN_GROWTH = 1500
# Mean national flows per month: (established agricultural, non-agricultural, dissolved
# agricultural, non-agricultural).
MEAN_FLOWS = {
    2021: (128, 36, 24, 10),
    2022: (188, 58, 22, 10),
    2023: (150, 48, 22, 10),
    2024: (160, 52, 20, 9),
    2025: (160, 50, 22, 10),
    2026: (158, 50, 22, 10),
}
CHARTERS_APPROVED_BY_NOVEMBER_2021 = 21
# Larger cooperative populations (GSO codes of the 63 former provinces).
LARGE_PROVINCES = {"01": 3.0, "79": 2.2, "38": 2.0, "40": 2.0, "36": 1.7, "34": 1.6, "30": 1.5}
# The latest month: GSO codes (of either geography) left in each state; the others are approved.
LATEST_MISSING = ["19", "33"]  # nothing entered yet
LATEST_DRAFTS = ["04", "08", "11", "12", "14"]
LATEST_RETURNED = "20"
LATEST_SUBMITTED = ["22", "24"]
LATEST_LATE = "24"  # submitted the day after the deadline, once that day has come
# Register entries deliberately missing (a province's register lags its reports).
REGISTER_GAPS = [("01", 2021, 11), ("38", 2021, 11), ("15", 2026, 9)]


def last_month() -> tuple[int, int]:
    """The demo's latest month: the month before today, never before the seed's November."""
    return max(clock.last_closed_month(), (2021, 11))


def load(stdout) -> None:
    if Province.objects.count() != 97:
        provinces_sync()
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo data, not a secret)
    last = last_month()
    with transaction.atomic(), _without_insert_audit():
        _load_unions(rng)
        _load_plans(last[0])
        if not MonthlySubmission.objects.filter(year=FIRST[0], month=FIRST[1]).exists():
            flows = _generate(rng, last)
            _load_submissions(flows, rng, last)
            _load_register(flows, rng)
            _load_cooperative_groups(random.Random(SEED + 1), last)  # noqa: S311
            _split_by_kind()
            _name_the_seeds_cooperatives()
            stdout.write(
                f"Monthly submissions {FIRST[1]:02d}/{FIRST[0]} – {last[1]:02d}/{last[0]}: "
                f"{MonthlySubmission.objects.count()}, "
                f"cooperatives in the register: {Cooperative.objects.count()}."
            )
        else:
            latest = MonthlySubmission.objects.order_by("-year", "-month").first()
            if latest and (latest.year, latest.month) < last:
                stdout.write(
                    f"The demo's monthly figures end in {latest.month:02d}/{latest.year}; "
                    "load the demo into an empty database to bring them up to last month."
                )


# Unions and plans ---------------------------------------------------------------------------


def _union_name(province: Province) -> str:
    name = province.name
    for prefix in ("Tỉnh ", "Thành phố "):
        if name.startswith(prefix):
            return f"Liên minh HTX {prefix.lower()}{name[len(prefix) :]}"
    return f"Liên minh HTX {name}"


def _load_unions(rng: random.Random) -> None:
    existing = set(ProvincialUnion.objects.values_list("province_id", flat=True))
    provinces = list(Province.objects.order_by("valid_from", "code"))
    legacy = [p for p in provinces if not p.is_current]
    current = [p for p in provinces if p.is_current]
    approved_2021 = set(rng.sample(range(len(legacy)), CHARTERS_APPROVED_BY_NOVEMBER_2021))
    approved_later = set(rng.sample(sorted(set(range(len(legacy))) - approved_2021), 25))
    unions = []
    for index, province in enumerate(legacy):
        if index in approved_2021:
            day = datetime.date(2019, 6, 1) + datetime.timedelta(days=rng.randrange(880))
        elif index in approved_later:
            day = datetime.date(2021, 12, 1) + datetime.timedelta(days=rng.randrange(1200))
        else:
            day = None
        unions.append(_union(province, day, index))
    for index, province in enumerate(current):
        day = None
        if index % 3 != 0:
            day = datetime.date(2025, 8, 1) + datetime.timedelta(days=rng.randrange(420))
        unions.append(_union(province, day, index))
    ProvincialUnion.objects.bulk_create([u for u in unions if u.province_id not in existing])


def _union(province: Province, day: datetime.date | None, index: int) -> ProvincialUnion:
    return ProvincialUnion(
        province=province,
        name=_union_name(province),
        charter_decision_number=f"{100 + index * 7}/QĐ-UBND" if day else "",
        charter_approved_on=day,
    )


def plan_targets(last_year: int) -> dict[int, int]:
    """The national target of each year up to ``last_year``."""
    targets = dict(PLAN_TARGETS)
    for year in range(max(PLAN_TARGETS) + 1, last_year + 1):
        targets[year] = targets[year - 1] + PLAN_GROWTH
    return targets


def _load_plans(last_year: int) -> None:
    existing = set(PlanTarget.objects.filter(province=None).values_list("year", flat=True))
    PlanTarget.objects.bulk_create(
        PlanTarget(year=year, active_target=target, note="Kế hoạch năm")
        for year, target in plan_targets(last_year).items()
        if year not in existing
    )


# Figures ------------------------------------------------------------------------------------


def _months(last: tuple[int, int]) -> list[tuple[int, int]]:
    months, (year, month) = [], FIRST
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _national_flows(rng: random.Random, months) -> dict[tuple[int, int], list[int]]:
    flows = {}
    for year, month in months:
        means = MEAN_FLOWS.get(year, MEAN_FLOWS[max(MEAN_FLOWS)])
        flows[year, month] = [max(0, round(rng.gauss(mean, mean * 0.12))) for mean in means]
    flows[2021, 11] = [NOVEMBER_2021[f] for f in list(NOVEMBER_2021)[:4]]
    return flows


def _split(rng: random.Random, total: int, keys: list, weights: list[float]) -> dict:
    """``total`` spread over ``keys`` in proportion to ``weights`` (largest remainder with a
    random tie-break), so that the parts add up exactly."""
    weight_sum = sum(weights)
    shares = [total * w / weight_sum for w in weights]
    parts = [int(share) for share in shares]
    order = sorted(
        range(len(keys)), key=lambda i: (shares[i] - parts[i], rng.random()), reverse=True
    )
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return dict(zip(keys, parts, strict=True))


def _scatter(rng: random.Random, total: int, keys: list, weights: list[float]) -> dict:
    """``total`` events each in a province drawn by weight (month-to-month variation)."""
    counts = dict.fromkeys(keys, 0)
    for key in rng.choices(keys, weights=weights, k=total):
        counts[key] += 1
    return counts


def _generate(rng: random.Random, last: tuple[int, int]) -> dict:
    """Per (province id, year, month): [est. agri, est. non-agri, diss. agri, diss. non-agri,
    active, active agricultural]. The national active count of November 2021 is exact and the
    year ends match ``YEAR_END_ACTIVE``."""
    months = _months(last)
    national = _national_flows(rng, months)
    # The national stock before January 2021 follows from November 2021's active total.
    net_to_november = sum(
        f[0] + f[1] - f[2] - f[3] for (y, m), f in national.items() if (y, m) <= (2021, 11)
    )
    # Make each published year end exact by adjusting that December's agricultural intake.
    active = NOVEMBER_2021["active_total"] - net_to_november
    for year, month in months:
        flows = national[year, month]
        if month == 12 and year in YEAR_END_ACTIVE:
            flows[0] += YEAR_END_ACTIVE[year] - (active + flows[0] + flows[1] - flows[2] - flows[3])
            if flows[0] < 0:
                raise ValueError(f"Cannot reach the year-end total of {year}")
        active += flows[0] + flows[1] - flows[2] - flows[3]

    legacy = list(Province.objects.legacy().order_by("code"))
    current = list(Province.objects.current().order_by("code"))
    weight = {p.pk: rng.lognormvariate(0, 0.45) * LARGE_PROVINCES.get(p.code, 1.0) for p in legacy}
    for province in current:
        weight[province.pk] = sum(weight[p.pk] for p in legacy if p.successor_id == province.pk)
    agri_share = {pk: min(0.8, max(0.45, rng.gauss(0.63, 0.08))) for pk in weight}
    for province in current:
        members = [p.pk for p in legacy if p.successor_id == province.pk]
        agri_share[province.pk] = (
            sum(agri_share[pk] * weight[pk] for pk in members) / weight[province.pk]
        )

    start_active = NOVEMBER_2021["active_total"] - net_to_november
    stock = _split(rng, start_active, [p.pk for p in legacy], [weight[p.pk] for p in legacy])
    stock_agri = {pk: round(n * agri_share[pk]) for pk, n in stock.items()}
    result = {}
    for year, month in months:
        provinces = legacy if (year, month) < (2025, 7) else current
        if (year, month) == (2025, 7):
            for province in current:
                members = [p.pk for p in legacy if p.successor_id == province.pk]
                stock[province.pk] = sum(stock[pk] for pk in members)
                stock_agri[province.pk] = sum(stock_agri[pk] for pk in members)
        keys = [p.pk for p in provinces]
        est_agri, est_non, diss_agri, diss_non = national[year, month]
        weights_agri = [weight[pk] * agri_share[pk] for pk in keys]
        weights_non = [weight[pk] * (1 - agri_share[pk]) for pk in keys]
        parts = [
            _scatter(rng, est_agri, keys, weights_agri),
            _scatter(rng, est_non, keys, weights_non),
            _scatter(rng, diss_agri, keys, [stock_agri[pk] for pk in keys]),
            _scatter(rng, diss_non, keys, [stock[pk] - stock_agri[pk] for pk in keys]),
        ]
        for pk in keys:
            e_a, e_n, d_a, d_n = (part[pk] for part in parts)
            stock_agri[pk] += e_a - d_a
            stock[pk] += e_a + e_n - d_a - d_n
            result[pk, year, month] = [e_a, e_n, d_a, d_n, stock[pk], stock_agri[pk]]
    return result


def _at(year: int, month: int, day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, (day * 17 + hour * 7) % 60, tzinfo=VN)


def _copy(table: str, columns: list[str], rows) -> None:
    """Write rows with PostgreSQL's COPY: tens of thousands of generated rows in seconds."""
    with connection.cursor() as cursor:
        # Through Django's cursor first, so that pgtrigger's transaction-local list of ignored
        # triggers (see ``_without_insert_audit``) is set before the COPY runs.
        cursor.execute("SELECT 1")
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def _without_insert_audit():
    """The audit records what people change; generated demo rows are seeded without an insert
    event each (they would multiply the start-up time)."""
    return pgtrigger.ignore(
        "cooperatives.MonthlySubmission:insert_insert", "cooperatives.Cooperative:insert_insert"
    )


# Of each submission's active total, the unions of cooperatives in the register of its
# territory at the month's end (a current province's includes its predecessors'), and from
# 07/2024 the cooperative groups beside them. Migration 0012 split the months reported before
# the form asked for the unions with a copy of the first half.
KIND_FROM_REGISTER = """
WITH month_end AS (
    SELECT s.id, s.province_id, s.active_total, s.year * 100 + s.month AS period,
           (make_date(s.year, s.month, 1) + interval '1 month' - interval '1 day')::date AS day
    FROM cooperatives_monthlysubmission s
), counted AS (
    SELECT m.id,
           LEAST(count(c.id) FILTER (WHERE c.kind = 'union_of_cooperatives'),
                 max(m.active_total)) AS unions,
           CASE WHEN max(m.period) >= 202407
                THEN count(c.id) FILTER (WHERE c.kind = 'cooperative_group') END AS groups
    FROM month_end m
    JOIN cooperatives_province p
      ON p.id = m.province_id OR (p.successor_id = m.province_id AND m.day >= DATE '2025-07-01')
    LEFT JOIN cooperatives_cooperative c
      ON c.province_id = p.id AND c.kind <> 'cooperative'
     AND c.established_on <= m.day AND (c.dissolved_on IS NULL OR c.dissolved_on > m.day)
    GROUP BY m.id
)
UPDATE cooperatives_monthlysubmission s
SET active_unions = counted.unions, active_groups = counted.groups
FROM counted WHERE s.id = counted.id
"""


def _split_by_kind() -> None:
    """The demo's monthly counts by kind, as its register has them (approved rows too: they are
    being generated, not changed by anyone)."""
    with (
        pgtrigger.ignore(
            "cooperatives.MonthlySubmission:approved_submission_locked",
            "cooperatives.MonthlySubmission:update_update",
        ),
        connection.cursor() as cursor,
    ):
        cursor.execute(KIND_FROM_REGISTER)


# The cooperatives the source article names (their complaints are in the inspections demo):
# two generated register entries take these names, the generated ones kept as former names.
SEED_COOPERATIVES = [("01", "HTX Phúc Thọ"), ("67", "HTX Hợp Tiến")]


def _name_the_seeds_cooperatives() -> None:
    day = datetime.date(2021, 1, 15)
    for code, name in SEED_COOPERATIVES:
        province = Province.objects.get_by_code(code, on=day)
        cooperative = (
            Cooperative.objects.filter(
                province=province,
                kind=CooperativeKind.COOPERATIVE,
                established_on__lt=datetime.date(2015, 1, 1),
                dissolved_on__isnull=True,
            )
            .order_by("pk")
            .first()
        )
        CooperativeFormerName.objects.create(
            cooperative=cooperative, name=cooperative.name, used_until=day
        )
        cooperative.name = name
        cooperative.save(update_fields=["name"])


GROUP_NAMES = ["sản xuất rau an toàn", "nuôi ong", "đan lát", "dịch vụ thủy lợi", "chăn nuôi bò"]
# Cooperative groups in the demo register (the 2023 Law brought them under it): a few per
# province, most registered since it took effect, some of them dissolved since.
GROUPS_PER_PROVINCE = (3, 12)


def _load_cooperative_groups(rng: random.Random, last: tuple[int, int]) -> None:
    """Tổ hợp tác in each current province's register (in the former province's for those
    registered before the merger), with their own random stream so that the cooperatives and
    the counts stay exactly as they were."""
    end = month_end(*last)
    law = datetime.date(2024, 7, 1)
    now = clock.now()
    rows = []
    for province in Province.objects.current().order_by("code"):
        predecessors = list(province.predecessors.order_by("code"))
        for number in range(1, rng.randint(*GROUPS_PER_PROVINCE) + 1):
            if rng.random() < 0.2:
                day = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(2007))
            else:
                day = law + datetime.timedelta(days=rng.randrange((end - law).days + 1))
            home = province if day >= CURRENT_VALID_FROM else rng.choice(predecessors)
            dissolved = None
            if rng.random() < 0.1 and (end - day).days > 60:
                dissolved = day + datetime.timedelta(days=rng.randrange(30, (end - day).days))
            agricultural = rng.random() < 0.7
            rows.append(
                [
                    f"Tổ hợp tác {rng.choice(GROUP_NAMES)} {rng.choice(PLACE_WORDS)}"
                    f" ({province.code}-T{number:03d})",
                    f"THT-{province.code}-{number:04d}",
                    CooperativeKind.COOPERATIVE_GROUP,
                    Sector.AGRICULTURAL if agricultural else Sector.NON_AGRICULTURAL,
                    rng.choice(
                        AGRICULTURAL_SUB_SECTORS if agricultural else NON_AGRICULTURAL_SUB_SECTORS
                    ),
                    home.pk,
                    CooperativeStatus.DISSOLVED if dissolved else CooperativeStatus.ACTIVE,
                    day,
                    dissolved,
                    rng.randint(3, 25),
                    0,
                    f"UBND xã {rng.choice(PLACE_WORDS)} {rng.choice(PLACE_WORDS)}",
                    now,
                    now,
                ]
            )
    columns = [
        "name", "registration_code", "kind", "sector", "sub_sector", "province_id", "status",
        "established_on", "dissolved_on", "members", "charter_capital", "registering_authority",
        "created_at", "updated_at",
    ]  # fmt: skip
    _copy(Cooperative._meta.db_table, columns, rows)


def _latest_window(last: tuple[int, int]) -> tuple[datetime.datetime, datetime.datetime]:
    """When the latest month's entries happen: from the first morning after it to an hour before
    now (or, on the first morning of a month, from the evening before)."""
    due_year, due_month = (last[0] + 1, 1) if last[1] == 12 else (last[0], last[1] + 1)
    end = clock.now() - datetime.timedelta(hours=1)
    start = min(_at(due_year, due_month, 1, 8), end - datetime.timedelta(hours=12))
    return start, end


def _latest_times(rng: random.Random, start, end, deadline: datetime.date):
    """Created, submitted and reviewed moments in order inside the window, submitted by the
    deadline's evening when the window reaches that far."""
    due = min(end, _at(deadline.year, deadline.month, deadline.day, 17))
    created = start + (due - start) * rng.uniform(0, 0.5)
    submitted = created + (due - created) * rng.uniform(0.1, 0.9)
    reviewed = submitted + (end - submitted) * rng.uniform(0.2, 0.9)
    return created, submitted, reviewed


def _load_submissions(flows: dict, rng: random.Random, last: tuple[int, int]) -> None:
    codes = dict(Province.objects.values_list("pk", "code"))
    deadline = submission_deadline(year=last[0], month=last[1])
    window = _latest_window(last)
    rows, timeline = [], {}
    for (pk, year, month), figures in sorted(flows.items(), key=lambda item: item[0][1:]):
        due_year, due_month = (year + 1, 1) if month == 12 else (year, month + 1)
        created = _at(due_year, due_month, 1, 8 + rng.randrange(3))
        submitted = created + datetime.timedelta(days=rng.randrange(4), hours=rng.randrange(6))
        reviewed = submitted + datetime.timedelta(days=1 + rng.randrange(3))
        status, is_late, reason = SubmissionStatus.APPROVED, False, ""
        code = codes[pk]
        if (year, month) == last:
            if code in LATEST_MISSING:
                continue
            created, submitted, reviewed = _latest_times(rng, *window, deadline)
            if code in LATEST_DRAFTS:
                status = SubmissionStatus.DRAFT
            elif code == LATEST_RETURNED:
                status = SubmissionStatus.RETURNED
                reason = "Số HTX giải thể chưa khớp với danh sách HTX của tỉnh; đề nghị rà soát."
            elif code in LATEST_SUBMITTED:
                status = SubmissionStatus.SUBMITTED
                day_after = _at(deadline.year, deadline.month, deadline.day, 15)
                day_after += datetime.timedelta(days=1)
                if code == LATEST_LATE and day_after <= window[1]:
                    created = min(created, day_after - datetime.timedelta(days=1))
                    submitted = day_after
            if status != SubmissionStatus.DRAFT:
                is_late = clock.local_date(submitted) > deadline
        steps = STEPS[status]
        e_a, e_n, d_a, d_n, active, _agri = figures
        draft = status == SubmissionStatus.DRAFT
        reviewed_at = reviewed if status in REVIEWED else None
        rows.append(
            (
                pk,
                year,
                month,
                e_a,
                e_n,
                d_a,
                d_n,
                active,
                e_a + e_n + d_a + d_n == 0,
                "",
                status,
                len(steps),
                is_late,
                reason,
                created,
                created if draft else (reviewed_at or submitted),
                None if draft else submitted,
                None if draft else submitted,
                reviewed_at,
            )
        )
        figures_json = {
            "established_agricultural": e_a,
            "established_non_agricultural": e_n,
            "dissolved_agricultural": d_a,
            "dissolved_non_agricultural": d_n,
            "active_total": active,
            "nil_report": e_a + e_n + d_a + d_n == 0,
            "explanation": "",
        }
        timeline[pk, year, month] = (steps, created, submitted, reviewed, reason, figures_json)
    _copy(
        MonthlySubmission._meta.db_table,
        [
            "province_id", "year", "month", "established_agricultural",
            "established_non_agricultural", "dissolved_agricultural",
            "dissolved_non_agricultural", "active_total", "nil_report", "explanation", "status",
            "version", "is_late", "return_reason", "created_at", "updated_at",
            "first_submitted_at", "submitted_at", "reviewed_at",
        ],
        rows,
    )  # fmt: skip
    ids = list(MonthlySubmission.objects.values_list("pk", "province_id", "year", "month"))
    _copy(
        SubmissionEvent._meta.db_table,
        [
            "submission_id", "action", "at", "version", "status_before", "status_after",
            "before", "after", "reason",
        ],
        _events(ids, timeline),
    )  # fmt: skip


STEPS = {
    SubmissionStatus.DRAFT: [SubmissionAction.CREATED],
    SubmissionStatus.SUBMITTED: [SubmissionAction.CREATED, SubmissionAction.SUBMITTED],
    SubmissionStatus.RETURNED: [
        SubmissionAction.CREATED,
        SubmissionAction.SUBMITTED,
        SubmissionAction.RETURNED,
    ],
    SubmissionStatus.APPROVED: [
        SubmissionAction.CREATED,
        SubmissionAction.SUBMITTED,
        SubmissionAction.APPROVED,
    ],
}
REVIEWED = (SubmissionStatus.APPROVED, SubmissionStatus.RETURNED)
STATUS_AFTER = {
    SubmissionAction.CREATED: SubmissionStatus.DRAFT,
    SubmissionAction.SUBMITTED: SubmissionStatus.SUBMITTED,
    SubmissionAction.APPROVED: SubmissionStatus.APPROVED,
    SubmissionAction.RETURNED: SubmissionStatus.RETURNED,
}


def _events(ids, timeline):
    for submission_id, *key in ids:
        steps, created, submitted, reviewed, reason, figures = timeline[tuple(key)]
        at = {
            SubmissionAction.CREATED: created,
            SubmissionAction.SUBMITTED: submitted,
            SubmissionAction.APPROVED: reviewed,
            SubmissionAction.RETURNED: reviewed,
        }
        previous = ""
        after = json.dumps(figures)
        for version, step in enumerate(steps, start=1):
            yield (
                submission_id,
                step,
                at[step],
                version,
                previous,
                STATUS_AFTER[step],
                None if step == SubmissionAction.CREATED else after,
                after,
                reason if step == SubmissionAction.RETURNED else "",
            )
            previous = STATUS_AFTER[step]


# Register -----------------------------------------------------------------------------------

AGRICULTURAL_NAMES = ["Nông nghiệp", "Dịch vụ nông nghiệp", "Chăn nuôi", "Thủy sản", "Trồng trọt"]
NON_AGRICULTURAL_NAMES = ["Vận tải", "Xây dựng", "Thương mại dịch vụ", "Tiểu thủ công nghiệp"]
PLACE_WORDS = ["An", "Bình", "Hòa", "Phú", "Tân", "Thịnh", "Hưng", "Phúc", "Đông", "Thành"]


def _load_register(flows: dict, rng: random.Random) -> None:
    """One register entry per cooperative the counts imply: the stock before 2021 (founded
    1997-2020) and each month's establishments and dissolutions, except ``REGISTER_GAPS``."""
    provinces = {p.pk: p for p in Province.objects.all()}
    by_code_month = {}
    for (pk, year, month), _figures in flows.items():
        by_code_month[provinces[pk].code, year, month] = pk
    gap_months = {
        (by_code_month[key], key[1], key[2]) for key in REGISTER_GAPS if key in by_code_month
    }

    counter = defaultdict(int)
    pools: dict[tuple[int, str], list[list]] = defaultdict(list)
    rows: list[list] = []
    now = clock.now()

    def new(pk: int, sector: str, day: datetime.date) -> list:
        province = provinces[pk]
        counter[pk] += 1
        agricultural = sector == Sector.AGRICULTURAL
        label = rng.choice(AGRICULTURAL_NAMES if agricultural else NON_AGRICULTURAL_NAMES)
        place = f"{rng.choice(PLACE_WORDS)} {rng.choice(PLACE_WORDS)}"
        union = rng.random() < 0.01
        kind = CooperativeKind.UNION_OF_COOPERATIVES if union else CooperativeKind.COOPERATIVE
        prefix = "Liên hiệp HTX" if union else "HTX"
        row = [
            f"{prefix} {label} {place} ({province.code}-{counter[pk]:05d})",
            f"{province.code}{0 if province.valid_to else 1}{counter[pk]:07d}",
            kind,
            sector,
            rng.choice(AGRICULTURAL_SUB_SECTORS if agricultural else NON_AGRICULTURAL_SUB_SECTORS),
            pk,
            CooperativeStatus.ACTIVE,
            day,
            None,
            rng.randint(7, 300),
            rng.randint(1, 400) * 10_000_000,
            f"{province.code}{0 if province.valid_to else 1}{counter[pk]:07d}",
            "Phòng Tài chính – Kế hoạch" if not union else "Sở Tài chính",
            now,
            now,
        ]
        rows.append(row)
        return row

    def dissolve(territory: int, sector: str, day: datetime.date) -> None:
        pool = pools[territory, sector]
        row = pool.pop(rng.randrange(len(pool)))
        row[6] = CooperativeStatus.DISSOLVED
        row[8] = day

    first = [(pk, f) for (pk, y, m), f in flows.items() if (y, m) == FIRST]
    for pk, figures in first:
        e_a, e_n, d_a, d_n, active, agri = figures
        before_agri = agri - e_a + d_a
        before_non = active - agri - e_n + d_n
        for sector, count in (
            (Sector.AGRICULTURAL, before_agri),
            (Sector.NON_AGRICULTURAL, before_non),
        ):
            for _ in range(count):
                day = datetime.date(1997, 1, 1) + datetime.timedelta(days=rng.randrange(8766))
                pools[pk, sector].append(new(pk, sector, day))

    for (pk, year, month), figures in sorted(flows.items(), key=lambda item: item[0][1:]):
        if datetime.date(year, month, 1) == CURRENT_VALID_FROM:
            # The new province's register holds its predecessors' cooperatives.
            for legacy in [p for p in provinces.values() if p.successor_id == pk]:
                for sector in (Sector.AGRICULTURAL, Sector.NON_AGRICULTURAL):
                    pools[pk, sector].extend(pools.pop((legacy.pk, sector), []))
        e_a, e_n, d_a, d_n, _active, _agri = figures
        last_day = month_end(year, month).day
        for sector, count in ((Sector.AGRICULTURAL, d_a), (Sector.NON_AGRICULTURAL, d_n)):
            for _ in range(count):
                dissolve(pk, sector, datetime.date(year, month, rng.randint(1, last_day)))
        for sector, count in ((Sector.AGRICULTURAL, e_a), (Sector.NON_AGRICULTURAL, e_n)):
            missing = int((pk, year, month) in gap_months and sector == Sector.AGRICULTURAL)
            for _ in range(count - missing):
                day = datetime.date(year, month, rng.randint(1, last_day))
                pools[pk, sector].append(new(pk, sector, day))
    columns = [
        "name", "registration_code", "kind", "sector", "sub_sector", "province_id", "status",
        "established_on", "dissolved_on", "members", "charter_capital", "tax_code",
        "registering_authority", "created_at", "updated_at",
    ]  # fmt: skip
    _copy(Cooperative._meta.db_table, columns, rows)
