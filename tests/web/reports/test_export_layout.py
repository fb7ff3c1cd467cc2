"""The outline both files share, the file's name, and the size bound: no rendering here."""

from __future__ import annotations

import pytest

from fardplan.web.reports.content import DataTable, ReportStatus
from fardplan.web.reports.export import filename, limits
from fardplan.web.reports.export.charts import chart_key
from fardplan.web.reports.export.layout import TableEntry, layout, level
from tests.web.reports.export_samples import grouped


def test_it_puts_a_group_heading_over_the_strategy_sections() -> None:
    parts = layout(grouped(), {}).parts
    assert [(p.heading.number, p.heading.title, p.heading.level) for p in parts] == [
        ("1", "Sammanfattning", 1),
        ("2", "Målområden", 1),
        ("2.1", "Tillsammans för min trygghet", 2),
        ("3", "Riktningsförändringar", 1),
        ("3.1", "Stärkt gemensam primärvård", 2),
        ("4", "Beslut", 1),
    ]
    assert len({p.heading.anchor for p in parts}) == len(parts)
    assert parts[-1].is_decisions and not parts[0].is_decisions


def test_it_numbers_the_figures_and_tables_and_links_them() -> None:
    content = grouped()
    blocks = [b for s in content.sections for b in s.indicators]
    charts = {chart_key(b) or "": b"png" for b in blocks}
    plan = layout(content, charts)
    entries = [e for p in plan.parts for e in p.indicators]
    assert [e.figure.number for e in entries if e.figure] == [1, 2]
    assert [e.table.number for e in entries if e.table] == ["A.1", "A.2"]
    assert [t.anchor for t in plan.tables] == ["table-1", "table-2"]
    # A chart not drawn (missing from the images) gives no figure, and no number is skipped.
    partial = layout(content, {chart_key(blocks[1]) or "": b"png"})
    assert [e.figure.number for p in partial.parts for e in p.indicators if e.figure] == [1]


def test_it_aligns_only_the_columns_of_numbers() -> None:
    table = DataTable(
        key="t", title="T", columns=["Månad", "Värde", "Gränser", "Signal"],
        rows=[["2024-01", "13,8", "10,7 – 16,1", "Förbättring"],
              ["2024-02", ".. a", "10,7 – 16,1", ""]],
        notes=[],
    )  # fmt: skip
    assert TableEntry("A.1", "table-1", table).numeric == [False, True, True, False]


def test_a_number_has_at_most_two_levels() -> None:
    assert [level(n) for n in ["1", "2.1", "2.1.3", ""]] == [1, 2, 2, 1]


def test_the_file_name_says_scope_period_version_and_status() -> None:
    assert filename(grouped(), "pdf") == "rapport-norrbottens-lan-2024t2-v1-utkast.pdf"
    approved = grouped(ReportStatus.APPROVED)
    assert filename(approved, "docx") == "rapport-norrbottens-lan-2024t2-v1-godkand.docx"
    english = approved.model_copy(update={"language": "en", "scope_name": 'Luleå "x"/../'})
    assert filename(english, "pdf") == "report-lulea-x-2024t2-v1-approved.pdf"
    with pytest.raises(KeyError):
        filename(approved, "exe")


def test_it_counts_the_rows_a_file_would_lay_out(monkeypatch: pytest.MonkeyPatch) -> None:
    content = grouped()
    # 2 indicators, 2 activities, 1 change, 1 decision, 8 + 8 appendix rows.
    assert limits.rows(content) == 22
    limits.check_size(content)
    monkeypatch.setattr(limits, "MAX_ROWS", 21)
    with pytest.raises(limits.TooLarge, match="22"):
        limits.check_size(content)
