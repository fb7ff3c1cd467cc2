"""The indicator catalogue: every indicator as data (``indicators.yaml``), readable without
Python, with its value sets (``value_sets/``). See :func:`load_catalogue`."""

from fardplan.catalogue.computation import Computation, Count, Filter, ValueSet, load_value_set
from fardplan.catalogue.model import Catalogue, Indicator, load_catalogue
from fardplan.catalogue.text import Text

__all__ = [
    "Catalogue",
    "Computation",
    "Count",
    "Filter",
    "Indicator",
    "Text",
    "ValueSet",
    "load_catalogue",
    "load_value_set",
]
