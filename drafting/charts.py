"""The monthly report's charts as PNG images, for the Word file and the PDF alike
(matplotlib without a screen; its own DejaVu Sans carries every Vietnamese letter)."""

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot  # noqa: E402  (after choosing the backend)
from matplotlib.ticker import FuncFormatter  # noqa: E402

from reports.formatting import vn_int  # noqa: E402

COLOURS = {"Active": "#1f5c99", 0: "#198754", 1: "#dc3545"}
_GROUPED = FuncFormatter(lambda value, _position: vn_int(value))


def chart_png(block: dict) -> bytes:
    """A ``chart`` block of a document's content (``line`` or ``bars``) as a PNG."""
    labels = block["labels"]
    figure, axes = pyplot.subplots(figsize=(6.3, 2.8), dpi=150)
    try:
        positions = range(len(labels))
        series = block["series"]
        if block["chart"] == "line":
            values = [v if v is not None else float("nan") for v in series[0]["values"]]
            axes.plot(positions, values, color="#1f5c99", marker="o", markersize=3, linewidth=1.5)
        else:
            width = 0.8 / max(len(series), 1)
            for index, one in enumerate(series):
                values = [v or 0 for v in one["values"]]
                offset = (index - (len(series) - 1) / 2) * width
                axes.bar(
                    [p + offset for p in positions],
                    values,
                    width=width,
                    label=one["name"],
                    color=COLOURS.get(index, "#6c757d"),
                )
            axes.legend(fontsize=7, frameon=False)
        step = max(1, len(labels) // 8)
        axes.set_xticks(list(positions)[::step], labels[::step], fontsize=7)
        axes.tick_params(axis="y", labelsize=7)
        axes.yaxis.set_major_formatter(_GROUPED)
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", linewidth=0.3)
        figure.tight_layout()
        buffer = io.BytesIO()
        # No timestamp in the file: the same figures give the same bytes.
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
