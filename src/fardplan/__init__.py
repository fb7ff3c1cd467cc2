"""Färdplan: plan and follow up the transition to god och nära vård.

The analytics core (``reference``, ``catalogue``, ``engine``, ``synth``, ``sources``, ``content``)
imports no web code; the Django project and its apps live under ``fardplan.web``.
"""

__version__ = "0.1.0"
