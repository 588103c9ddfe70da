import datetime
import itertools

from tasks.choices import TaskKind, TaskStatus, UnitKind
from tasks.models import Task, Unit, WorkProgram

_counter = itertools.count(1)


def make_unit(name: str | None = None, **fields) -> Unit:
    number = next(_counter)
    fields.setdefault("code", f"unit-{number}")
    fields.setdefault("kind", UnitKind.DEPARTMENT)
    return Unit.objects.create(name=name or f"Ban thử nghiệm {number}", **fields)


def make_programme(year: int = 2021) -> WorkProgram:
    return WorkProgram.objects.get_or_create(
        year=year, defaults={"title": f"Chương trình công tác năm {year}"}
    )[0]


def make_task(lead_unit: Unit | None = None, **fields) -> Task:
    fields.setdefault("title", f"Đầu việc {next(_counter)}")
    fields.setdefault("assigned_on", datetime.date(2021, 11, 1))
    fields.setdefault("due_on", datetime.date(2021, 11, 30))
    fields.setdefault("kind", TaskKind.TASK)
    if fields.get("status") == TaskStatus.COMPLETED:
        fields.setdefault("completed_on", fields["due_on"])
        fields.setdefault("percent_complete", 100)
    return Task.objects.create(lead_unit=lead_unit or make_unit(), **fields)
