"""The report's narrative paragraph, written from a snapshot in the alliance's own style:

    Trong tháng 11/2021, cả nước thành lập mới 189 HTX (148 HTX nông nghiệp và 41 HTX phi nông
    nghiệp); giải thể 30 HTX (21 HTX nông nghiệp và 9 HTX phi nông nghiệp), nâng tổng số HTX
    đang hoạt động trên cả nước lên 26.661 HTX (vượt 15,5% kế hoạch). ...

A pure function of the snapshot (no database, no active language): the same snapshot always
reads the same, so a stored report's text can be rebuilt and tested. It is Vietnamese whatever
the reader's language, as the alliance's reports are. A section the snapshot marks unavailable
is left out of the text rather than guessed.
"""

from cooperatives.choices import REPORTED_STATUSES

from .formatting import vn_int, vn_percent

AGRICULTURAL = "HTX nông nghiệp"
NON_AGRICULTURAL = "HTX phi nông nghiệp"


def reported_late(statistics: dict) -> int:
    """Provinces that sent their figures after the deadline (one that has not sent them yet
    is missing, not late)."""
    return sum(
        1
        for row in statistics.get("provinces") or []
        if row.get("is_late") and row.get("status") in REPORTED_STATUSES
    )


def _count(value) -> int:
    return int(value or 0)


def _split(figures: dict) -> str:
    """'(148 HTX nông nghiệp và 41 HTX phi nông nghiệp)', or the one sector when the other
    has none."""
    agricultural = _count(figures.get("agricultural"))
    non_agricultural = _count(figures.get("non_agricultural"))
    if agricultural and non_agricultural:
        return (
            f" ({vn_int(agricultural)} {AGRICULTURAL} và "
            f"{vn_int(non_agricultural)} {NON_AGRICULTURAL})"
        )
    if agricultural:
        return f" (đều là {AGRICULTURAL})" if agricultural > 1 else f" ({AGRICULTURAL})"
    if non_agricultural:
        return f" (đều là {NON_AGRICULTURAL})" if non_agricultural > 1 else f" ({NON_AGRICULTURAL})"
    return ""


def _established(figures: dict) -> str:
    total = _count(figures.get("total"))
    if total == 0:
        return "cả nước không có HTX nào được thành lập mới"
    return f"cả nước thành lập mới {vn_int(total)} HTX{_split(figures)}"


def _dissolved(figures: dict) -> str:
    total = _count(figures.get("total"))
    if total == 0:
        return "không có HTX nào giải thể"
    return f"giải thể {vn_int(total)} HTX{_split(figures)}"


def _plan(plan: dict | None) -> str:
    if not plan or plan.get("target") in (None, 0):
        return ""
    percent_of_target = plan.get("percent_of_target")
    above = plan.get("above_target_percent")
    if above is None and percent_of_target is not None:
        above = float(percent_of_target) - 100
    if above is None:
        return ""
    above = float(above)
    if round(above, 1) > 0:
        return f" (vượt {vn_percent(above)} kế hoạch)"
    if round(above, 1) == 0:
        return " (đạt 100% kế hoạch)"
    reached = float(percent_of_target) if percent_of_target is not None else 100 + above
    return f" (đạt {vn_percent(reached)} kế hoạch)"


def _active(statistics: dict) -> str:
    active = vn_int(_count(statistics.get("active_total")))
    net = _count(statistics["established"].get("total")) - _count(
        statistics["dissolved"].get("total")
    )
    plan = _plan(statistics.get("plan"))
    if net > 0:
        return f"nâng tổng số HTX đang hoạt động trên cả nước lên {active} HTX{plan}"
    if net < 0:
        return f"tổng số HTX đang hoạt động trên cả nước giảm còn {active} HTX{plan}"
    return f"tổng số HTX đang hoạt động trên cả nước là {active} HTX{plan}"


def _completeness(statistics: dict) -> str:
    reported = statistics.get("provinces_reported")
    expected = statistics.get("provinces_expected")
    if reported is None or not expected:
        return ""
    late = reported_late(statistics)
    if reported >= expected:
        text = f"Tất cả {vn_int(expected)} tỉnh, thành phố đã gửi báo cáo"
    elif reported == 0:
        text = f"Chưa có tỉnh, thành phố nào trong số {vn_int(expected)} gửi báo cáo"
    else:
        text = f"Đã có {vn_int(reported)}/{vn_int(expected)} tỉnh, thành phố gửi báo cáo"
    if late:
        text += f", trong đó {vn_int(late)} tỉnh, thành phố gửi muộn"
    return text + "."


def _provisional(statistics: dict) -> str:
    """' (số liệu tạm tính, 28/34 tỉnh, thành phố đã được phê duyệt)' for a month not every
    province's figures are approved in; nothing for a final month."""
    if not statistics.get("provisional"):
        return ""
    approved = vn_int(_count(statistics.get("provinces_approved")))
    expected = vn_int(_count(statistics.get("provinces_expected")))
    return f" (số liệu tạm tính, {approved}/{expected} tỉnh, thành phố đã được phê duyệt)"


def _carried(statistics: dict) -> str:
    carried = _count(statistics.get("provinces_carried"))
    if not statistics.get("provisional") or not carried:
        return ""
    return (
        f"Số HTX đang hoạt động của {vn_int(carried)} tỉnh, thành phố chưa được phê duyệt số "
        "liệu được giữ theo tháng gần nhất đã phê duyệt; số liệu chính thức và tỷ lệ so với kế "
        "hoạch được công bố khi tất cả các tỉnh, thành phố đã được phê duyệt."
    )


def _statistics(period: str, statistics: dict) -> str:
    if statistics.get("active_total") is None:
        return f"Trong tháng {period}, chưa có số liệu HTX nào được phê duyệt."
    text = (
        f"Trong tháng {period}{_provisional(statistics)}, "
        f"{_established(statistics['established'])}; "
        f"{_dissolved(statistics['dissolved'])}, {_active(statistics)}."
    )
    carried = _carried(statistics)
    return f"{text} {carried}" if carried else text


def _kinds(statistics: dict) -> str:
    """The active total by the 2023 Law's kinds ("Trong số đó có 26.244 HTX và 417 liên hiệp
    HTX"), and the cooperative groups beside it from 07/2024; nothing without unions or
    groups to tell."""
    kinds = statistics.get("active_by_kind") or {}
    unions = kinds.get("union_of_cooperatives")
    groups = kinds.get("cooperative_group")
    text = ""
    if unions:
        text = (
            f"Trong số đó có {vn_int(kinds['cooperative'])} HTX và {vn_int(unions)} liên hiệp HTX"
        )
    if groups is not None:
        groups_text = f"{vn_int(groups)} tổ hợp tác đang hoạt động"
        text = f"{text}; ngoài ra có {groups_text}" if text else f"Ngoài ra có {groups_text}"
    return f"{text}." if text else ""


def _tasks(section: dict) -> str:
    summary = section.get("summary") or {}
    total = _count(summary.get("total"))
    if total == 0:
        return "Trong tháng không có đầu việc nào được giao cho các ban, đơn vị."
    completed = _count(summary.get("completed"))
    if completed == 0:
        text = f"Các ban, đơn vị trực thuộc chưa hoàn thành đầu việc nào trong số {vn_int(total)}"
    else:
        text = (
            "Thường trực Liên minh HTX Việt Nam đã chỉ đạo các ban, đơn vị trực thuộc triển khai "
            f"hoàn thành {vn_int(completed)}/{vn_int(total)} đầu việc"
        )
    overdue = _count(summary.get("overdue"))
    if overdue:
        text += f"; còn {vn_int(overdue)} đầu việc quá hạn"
    return text + "."


def _inspections(inspections: dict, complaints: dict) -> str:
    parts = []
    if inspections.get("available"):
        under_way = _count((inspections.get("inspections") or {}).get("total"))
        if under_way:
            parts.append(
                f"Ủy ban Kiểm tra đã triển khai {vn_int(under_way)} cuộc kiểm tra, giám sát"
            )
        else:
            parts.append("trong tháng không có cuộc kiểm tra, giám sát nào")
        received = _count((inspections.get("complaints") or {}).get("received"))
        resolved = _count((inspections.get("complaints") or {}).get("resolved"))
        if received and resolved:
            parts.append(
                f"tiếp nhận {vn_int(received)} đơn khiếu nại, tố cáo, "
                f"giải quyết xong {vn_int(resolved)} đơn"
            )
        elif received:
            parts.append(f"tiếp nhận {vn_int(received)} đơn khiếu nại, tố cáo")
        elif resolved:
            parts.append(f"giải quyết xong {vn_int(resolved)} đơn khiếu nại, tố cáo")
    if complaints.get("available"):
        open_count = _count(complaints.get("open_count"))
        overdue = _count(complaints.get("overdue_count"))
        if open_count == 0:
            parts.append("không còn đơn khiếu nại, tố cáo nào đang chờ giải quyết")
        else:
            text = f"đang giải quyết {vn_int(open_count)} đơn khiếu nại, tố cáo"
            if overdue:
                text += f" ({vn_int(overdue)} đơn quá hạn giải quyết)"
            parts.append(text)
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _meetings(meetings: dict) -> str:
    held = _count(meetings.get("held_count"))
    if held == 0:
        return ""
    return f"Cơ quan Liên minh HTX Việt Nam đã tổ chức {vn_int(held)} hội nghị, cuộc họp."


def build_narrative(snapshot: dict) -> str:
    """The narrative paragraph for a snapshot (see the module docstring)."""
    period = f"{snapshot['month']}/{snapshot['year']}"
    sentences = []
    statistics = snapshot.get("statistics") or {}
    if statistics.get("available"):
        sentences.append(_statistics(period, statistics))
        sentences.append(_kinds(statistics))
        sentences.append(_completeness(statistics))
    else:
        sentences.append(f"Số liệu HTX tháng {period} chưa có trong hệ thống.")
    tasks = snapshot.get("tasks") or {}
    if tasks.get("available"):
        sentences.append(_tasks(tasks))
    sentences.append(
        _inspections(snapshot.get("inspections") or {}, snapshot.get("complaints") or {})
    )
    meetings = snapshot.get("meetings") or {}
    if meetings.get("available"):
        sentences.append(_meetings(meetings))
    return " ".join(s for s in sentences if s)
