"""Words that mean two things: the decisions' "Members" are elected members (Ledamöter)."""

from __future__ import annotations

from django.utils import translation

from fardplan.web.decisions.forms import StatementForm


def test_a_statements_members_are_ledamoter_while_the_sites_members_are_medlemmar() -> None:
    with translation.override("sv"):
        assert str(StatementForm().fields["members"].label) == "Ledamöter"
        assert translation.gettext("Members") == "Medlemmar"
    with translation.override("en"):
        assert str(StatementForm().fields["members"].label) == "Members"
