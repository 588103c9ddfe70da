"""Demo units, the 2021 work programme and the tasks of November 2021 ("80/122 đầu việc").

Figures from the seed article: 122 tasks due in November 2021, 80 of them completed; the 2021
work programme still has 43 unit tasks and 22 Standing Committee submissions (tờ trình) open.
The tasks' titles are plausible examples; only the counts come from the article."""

import datetime

from .choices import TaskKind, TaskStatus, UnitKind
from .models import Task, Unit, WorkProgram
from .services import task_create

D, A = UnitKind.DEPARTMENT, UnitKind.ATTACHED_UNIT
# code, name, kind, head, e-mail, tasks due in November 2021, of which completed
UNITS = [
    ("van-phong", "Văn phòng", D, "Phạm Ngọc Toại, Chánh Văn phòng", 16, 11),
    ("ban-to-chuc", "Ban Tổ chức cán bộ", D, "", 14, 9),
    ("ban-chinh-sach", "Ban Chính sách – Pháp luật", D, "", 13, 9),
    ("ban-ke-hoach-tai-chinh", "Ban Kế hoạch – Tài chính", D, "", 12, 8),
    ("ban-ho-tro-phat-trien", "Ban Hỗ trợ phát triển HTX", D, "", 12, 8),
    ("ban-tuyen-truyen", "Ban Tuyên truyền – Thi đua", D, "", 12, 8),
    ("ban-doi-ngoai", "Ban Đối ngoại và Hợp tác quốc tế", D, "", 11, 7),
    ("uy-ban-kiem-tra", "Ủy ban Kiểm tra", D, "", 11, 7),
    ("trung-tam-xuc-tien", "Trung tâm Xúc tiến thương mại", A, "", 11, 7),
    ("quy-ho-tro", "Quỹ Hỗ trợ phát triển HTX", A, "", 10, 6),
]

ACTIVITIES = [
    "Xây dựng báo cáo kết quả thực hiện nhiệm vụ",
    "Tham mưu văn bản chỉ đạo của Thường trực",
    "Hướng dẫn, đôn đốc Liên minh HTX các tỉnh",
    "Tổng hợp số liệu phát triển HTX",
    "Phối hợp tổ chức hội nghị, hội thảo",
    "Tư vấn, hỗ trợ thành viên tiêu thụ sản phẩm",
    "Rà soát, hoàn thiện quy chế nội bộ",
    "Chuẩn bị nội dung Tờ trình Thường trực",
    "Theo dõi tiến độ đề án, dự án",
    "Tuyên truyền chủ trương phát triển kinh tế tập thể",
    "Hoàn thiện hồ sơ, thủ tục theo quy định",
    "Kiểm tra, giám sát việc thực hiện kế hoạch",
    "Xây dựng kế hoạch công tác tháng 12/2021",
    "Cung ứng dịch vụ hỗ trợ HTX thích ứng an toàn với dịch Covid-19",
    "Tiếp nhận, xử lý kiến nghị của HTX",
    "Cập nhật cơ sở dữ liệu HTX",
]

NOVEMBER_ASSIGNED = datetime.date(2021, 11, 9)  # Thông báo kết luận 784/TB-LMHTXVN
YEAR_END = datetime.date(2021, 12, 31)
OPEN_PROGRAMME_TASKS = 43
OPEN_PROGRAMME_SUBMISSIONS = 22


def load(stdout) -> None:
    units = []
    for code, name, kind, head, _total, _completed in UNITS:
        unit, _ = Unit.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "head_name": head, "email": f"{code}@vca.org.vn"},
        )
        units.append(unit)
    programme, _ = WorkProgram.objects.get_or_create(
        year=2021, defaults={"title": "Chương trình công tác năm 2021"}
    )
    if not Task.objects.filter(due_on__year=2021, due_on__month=11).exists():
        _load_november(units)
    if not programme.tasks.exists():
        _load_programme(programme, units)
    stdout.write(
        f"Tasks: {len(units)} units, "
        f"{Task.objects.filter(due_on__year=2021, due_on__month=11).count()} due in 11/2021."
    )


def _load_november(units: list[Unit]) -> None:
    number = 0
    for unit, (_code, _name, _kind, _head, total, completed) in zip(units, UNITS, strict=True):
        for index in range(total):
            activity = ACTIVITIES[number % len(ACTIVITIES)]
            number += 1
            due_on = datetime.date(2021, 11, 10 + (number * 7) % 21)
            done = index < completed
            status = TaskStatus.COMPLETED
            if not done:
                status = TaskStatus.IN_PROGRESS if index % 2 else TaskStatus.NOT_STARTED
            task = task_create(
                title=f"{activity} ({unit.name})",
                lead_unit=unit,
                assigned_on=NOVEMBER_ASSIGNED,
                due_on=due_on,
                status=status,
                completed_on=min(due_on, NOVEMBER_ASSIGNED + datetime.timedelta(days=index + 1))
                if done
                else None,
                is_key=index == 0,
            )
            if status == TaskStatus.IN_PROGRESS:
                Task.objects.filter(pk=task.pk).update(percent_complete=50)


def _load_programme(programme: WorkProgram, units: list[Unit]) -> None:
    for index in range(OPEN_PROGRAMME_TASKS):
        unit = units[index % len(units)]
        task_create(
            title=f"Nhiệm vụ {index + 1} của Chương trình công tác năm 2021 ({unit.name})",
            lead_unit=unit,
            programme=programme,
            kind=TaskKind.TASK,
            assigned_on=datetime.date(2021, 1, 15),
            due_on=YEAR_END,
            status=TaskStatus.IN_PROGRESS,
        )
    for index in range(OPEN_PROGRAMME_SUBMISSIONS):
        unit = units[(index * 3) % len(units)]
        task_create(
            title=f"Tờ trình Thường trực số {index + 1} năm 2021 ({unit.name})",
            lead_unit=unit,
            programme=programme,
            kind=TaskKind.SUBMISSION,
            assigned_on=datetime.date(2021, 1, 15),
            due_on=YEAR_END,
            status=TaskStatus.NOT_STARTED,
        )
