"""Snapshots written by hand for the tests of the pure parts (narrative, workbook)."""

import copy


def november_2021() -> dict:
    """The figures of the November 2021 leadership meeting (the seed article)."""
    return copy.deepcopy(
        {
            "year": 2021,
            "month": 11,
            "version": 1,
            "statistics": {
                "available": True,
                "year": 2021,
                "month": 11,
                "established": {"agricultural": 148, "non_agricultural": 41, "total": 189},
                "dissolved": {"agricultural": 21, "non_agricultural": 9, "total": 30},
                "active_total": 26661,
                "plan": {"target": 23083, "percent_of_target": 115.5, "above_target_percent": 15.5},
                "provinces_reported": 63,
                "provinces_expected": 63,
                "provinces": [
                    {
                        "code": "01",
                        "name": "Thành phố Hà Nội",
                        "established": {"agricultural": 10, "non_agricultural": 5, "total": 15},
                        "dissolved": {"agricultural": 1, "non_agricultural": 0, "total": 1},
                        "active_total": 2000,
                        "status": "approved",
                        "is_late": False,
                    },
                    {
                        "code": "67",
                        "name": "Tỉnh Đắk Nông",
                        "established": {"agricultural": 2, "non_agricultural": 0, "total": 2},
                        "dissolved": {"agricultural": 0, "non_agricultural": 0, "total": 0},
                        "active_total": 300,
                        "status": "approved",
                        "is_late": True,
                    },
                ],
            },
            "trend": {
                "available": True,
                "months": [
                    {
                        "year": 2021,
                        "month": 10,
                        "established": 150,
                        "dissolved": 20,
                        "active_total": 26502,
                    },
                    {
                        "year": 2021,
                        "month": 11,
                        "established": 189,
                        "dissolved": 30,
                        "active_total": 26661,
                    },
                ],
            },
            "tasks": {
                "available": True,
                "summary": {
                    "total": 122,
                    "completed": 80,
                    "completion_percent": 65.6,
                    "overdue": 0,
                    "by_unit": [
                        {
                            "unit": 1,
                            "unit_name": "Văn phòng",
                            "total": 122,
                            "completed": 80,
                            "overdue": 0,
                        }
                    ],
                },
                "overdue": [],
            },
            "inspections": {"available": False},
            "complaints": {"available": False},
            "meetings": {"available": False},
        }
    )
