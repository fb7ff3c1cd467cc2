"""Which conditional adoptions are in force.

An adoption on condition is in force when every organisation it waits for is bound. Conditions
can be mutual (every principal adopts on condition of all the others), so "bound" is the
greatest fixpoint: start from every organisation that has adopted, with or without conditions,
and drop the conditional ones that wait for an organisation outside the set, until none is
dropped. Mutual conditions then come into force together, when the last one adopts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence


def bound_organisations(adoptions: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """Return the organisations that are bound.

    ``adoptions`` maps each organisation that has adopted to the organisations its adoption
    waits for (empty for an unconditional adoption). Linear in the number of conditions: an
    organisation is dropped at most once, and each drop looks only at those waiting for it.
    """
    bound = set(adoptions)
    waiting_on: defaultdict[str, list[str]] = defaultdict(list)
    for organisation, awaited in adoptions.items():
        for other in awaited:
            waiting_on[other].append(organisation)
    unmet = [org for org, awaited in adoptions.items() if not awaited <= bound]
    while unmet:
        organisation = unmet.pop()
        if organisation in bound:
            bound.discard(organisation)
            unmet.extend(waiting_on[organisation])
    return frozenset(bound)


def still_awaited(
    awaited: frozenset[str],
    adoptions: Mapping[str, frozenset[str]],
    bound: frozenset[str],
    principals: Sequence[str],
) -> tuple[str, ...]:
    """Return whom a conditional adoption that is not in force still waits for: the awaited
    organisations that have not adopted at all; if every one has, those whose own adoption is
    not in force yet. Principals in their order, then any other organisation by code."""
    missing = awaited - adoptions.keys() or awaited - bound
    order = {code: index for index, code in enumerate(principals)}
    return tuple(sorted(missing, key=lambda code: (order.get(code, len(order)), code)))
