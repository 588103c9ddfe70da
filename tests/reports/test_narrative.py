"""The narrative is a pure function of the snapshot: no database needed."""

from reports.formatting import vn_decimal, vn_int, vn_percent
from reports.narrative import build_narrative
from tests.reports.samples import november_2021

SEED_SENTENCE = (
    "Trong tháng 11/2021, cả nước thành lập mới 189 HTX (148 HTX nông nghiệp và 41 HTX phi "
    "nông nghiệp); giải thể 30 HTX (21 HTX nông nghiệp và 9 HTX phi nông nghiệp), nâng tổng số "
    "HTX đang hoạt động trên cả nước lên 26.661 HTX (vượt 15,5% kế hoạch)."
)


def test_numbers_are_written_the_vietnamese_way():
    assert vn_int(26661) == "26.661"
    assert vn_int(1234567) == "1.234.567"
    assert vn_percent(15.5) == "15,5%"
    assert vn_percent(16.0) == "16%"
    assert vn_decimal(95.24) == "95,2"
    assert vn_decimal(-4.75) == "-4,8"


def test_november_2021_states_the_seed_figures():
    text = build_narrative(november_2021())
    assert text.startswith(SEED_SENTENCE)
    assert "hoàn thành 80/122 đầu việc" in text
    assert "Tất cả 63 tỉnh, thành phố đã gửi báo cáo, trong đó 1 tỉnh, thành phố gửi muộn." in text


def test_no_dissolution_and_no_establishment_read_naturally():
    snapshot = november_2021()
    snapshot["statistics"]["dissolved"] = {"agricultural": 0, "non_agricultural": 0, "total": 0}
    text = build_narrative(snapshot)
    assert "; không có HTX nào giải thể, nâng tổng số" in text
    assert "giải thể 0" not in text
    snapshot["statistics"]["established"] = {"agricultural": 0, "non_agricultural": 0, "total": 0}
    text = build_narrative(snapshot)
    assert text.startswith(
        "Trong tháng 11/2021, cả nước không có HTX nào được thành lập mới; không có HTX nào giải "
        "thể, tổng số HTX đang hoạt động trên cả nước là 26.661 HTX"
    )


def test_one_sector_only_is_not_split_into_a_zero():
    snapshot = november_2021()
    snapshot["statistics"]["established"] = {"agricultural": 1, "non_agricultural": 0, "total": 1}
    snapshot["statistics"]["dissolved"] = {"agricultural": 0, "non_agricultural": 3, "total": 3}
    text = build_narrative(snapshot)
    assert "thành lập mới 1 HTX (HTX nông nghiệp)" in text
    assert "giải thể 3 HTX (đều là HTX phi nông nghiệp)" in text
    assert "0 HTX" not in text
    assert "giảm còn 26.661 HTX" in text


def test_below_plan_says_how_much_of_it_was_reached():
    snapshot = november_2021()
    snapshot["statistics"]["plan"] = {
        "target": 28000,
        "percent_of_target": 95.2,
        "above_target_percent": -4.8,
    }
    text = build_narrative(snapshot)
    assert "26.661 HTX (đạt 95,2% kế hoạch)." in text
    assert "vượt" not in text


def test_without_a_plan_the_sentence_has_no_plan_clause():
    snapshot = november_2021()
    snapshot["statistics"]["plan"] = {"target": None}
    assert "26.661 HTX." in build_narrative(snapshot)


def test_tasks_without_any_and_with_overdue():
    snapshot = november_2021()
    snapshot["tasks"]["summary"].update(overdue=5)
    assert "hoàn thành 80/122 đầu việc; còn 5 đầu việc quá hạn." in build_narrative(snapshot)
    snapshot["tasks"]["summary"] = {"total": 0, "completed": 0, "overdue": 0}
    assert "không có đầu việc nào được giao" in build_narrative(snapshot)


def test_missing_sections_are_left_out_not_invented():
    snapshot = november_2021()
    snapshot["statistics"] = {"available": False}
    snapshot["tasks"] = {"available": False}
    text = build_narrative(snapshot)
    assert text == "Số liệu HTX tháng 11/2021 chưa có trong hệ thống."


def test_complaints_and_meetings_when_present():
    snapshot = november_2021()
    snapshot["complaints"] = {"available": True, "open_count": 2, "overdue_count": 1, "items": []}
    snapshot["meetings"] = {"available": True, "held_count": 1, "held": [], "upcoming": []}
    text = build_narrative(snapshot)
    assert "Đang giải quyết 2 đơn khiếu nại, tố cáo (1 đơn quá hạn giải quyết)." in text
    assert "đã tổ chức 1 hội nghị, cuộc họp." in text
    snapshot["complaints"].update(open_count=0, overdue_count=0)
    assert "Không còn đơn khiếu nại, tố cáo nào đang chờ giải quyết." in build_narrative(snapshot)


def test_a_month_without_approved_figures_says_so():
    snapshot = november_2021()
    snapshot["statistics"].update(
        established={"agricultural": None, "non_agricultural": None, "total": None},
        dissolved={"agricultural": None, "non_agricultural": None, "total": None},
        active_total=None,
        provinces_reported=0,
    )
    text = build_narrative(snapshot)
    assert text.startswith("Trong tháng 11/2021, chưa có số liệu HTX nào được phê duyệt.")
    assert "Chưa có tỉnh, thành phố nào trong số 63 gửi báo cáo" in text


def test_a_province_that_has_not_reported_is_missing_not_late():
    snapshot = november_2021()
    snapshot["statistics"]["provinces"].append(
        {"code": "02", "name": "Tỉnh Hà Giang", "status": "missing", "is_late": True}
    )
    snapshot["statistics"]["provinces_reported"] = 62
    text = build_narrative(snapshot)
    assert "Đã có 62/63 tỉnh, thành phố gửi báo cáo, trong đó 1 tỉnh, thành phố gửi muộn." in text


def test_inspections_and_complaints_received_read_naturally():
    snapshot = november_2021()
    snapshot["inspections"] = {
        "available": True,
        "inspections": {"total": 4, "by_status": {}},
        "complaints": {"received": 2, "resolved": 0, "open": 2, "overdue": 0},
    }
    text = build_narrative(snapshot)
    assert "Ủy ban Kiểm tra đã triển khai 4 cuộc kiểm tra, giám sát; tiếp nhận 2 đơn" in text
    assert "giải quyết xong 0" not in text
