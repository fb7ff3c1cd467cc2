"""A strategy document survives a trip through YAML unchanged."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fardplan.content.strategy import (
    Item,
    Period,
    StrategyDocument,
    StrategyKind,
    StrategyStatus,
    dump_strategy_yaml,
    load_strategy_yaml,
)

# Any text a county might type, including Swedish letters, blank lines and odd spacing.
# Every character but surrogates, control characters and noncharacters such as U+FFFF (which
# are refused; they sit among the unassigned, Cn); line breaks of every kind, read as LF.
any_text = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=["Cs", "Cc", "Cn"], include_characters="\t\n\r\x85"
    ),
    max_size=200,
)
# Prose-like text, long enough to be folded, with the spaces, blank lines and indents that make
# block scalars hard to get right.
prose = st.text(alphabet="aåäöÖ .,:-#'\"\n\t", max_size=400)
texts = st.one_of(any_text, prose)
titles = texts.filter(lambda text: 1 <= len(text) <= 200)
items = st.builds(Item, title=titles, text=texts)
item_lists = st.lists(items, max_size=4)


@st.composite
def documents(draw: st.DrawFn) -> StrategyDocument:
    start = draw(st.integers(1990, 2100))
    codes = draw(st.lists(st.from_regex(r"[0-9]{2,4}|[a-z][a-z-]{1,10}", fullmatch=True)))
    return StrategyDocument(
        county=draw(st.from_regex(r"[0-9]{2}", fullmatch=True)),
        slug=draw(st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}", fullmatch=True)),
        kind=draw(st.sampled_from(StrategyKind)),
        title=draw(titles),
        summary=draw(texts),
        period=Period(start=start, end=start + draw(st.integers(0, 30))),
        status=draw(st.sampled_from(StrategyStatus)),
        organisations=sorted(set(codes)),
        vision=draw(item_lists),
        target_areas=draw(item_lists),
        prerequisites=draw(item_lists),
        direction_changes=draw(item_lists),
        perspectives=draw(item_lists),
    )


@settings(max_examples=200, deadline=None)
@given(documents())
def test_it_reads_back_what_it_writes(doc: StrategyDocument) -> None:
    text = dump_strategy_yaml(doc)
    again = load_strategy_yaml(text)
    assert again == doc
    assert dump_strategy_yaml(again) == text


def test_it_writes_multi_line_text_as_a_literal_block() -> None:
    doc = StrategyDocument(
        county="25",
        slug="norrbotten",
        kind=StrategyKind.STRATEGY,
        title="Tillsammans för Nära vård i Norrbotten",
        period=Period(start=2021, end=2030),
        status=StrategyStatus.ADOPTED,
        vision=[Item(title="Min hälsa och välbefinnande", text="Första stycket.\n\nAndra.\n")],
    )
    text = dump_strategy_yaml(doc)
    assert "text: |\n      Första stycket.\n\n      Andra.\n" in text
    assert "Tillsammans för Nära vård i Norrbotten" in text
    assert load_strategy_yaml(text) == doc
