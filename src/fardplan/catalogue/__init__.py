"""The indicator catalogue: every indicator as data (``indicators.yaml``), readable without
Python, with its value sets (``value_sets/``). See :func:`load_catalogue`."""

from fardplan.catalogue.model import Catalogue, Indicator, load_catalogue

__all__ = ["Catalogue", "Indicator", "load_catalogue"]
