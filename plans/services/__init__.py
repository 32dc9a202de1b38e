"""Writes to plans. Each function runs in one transaction and writes its audit entries.

- ``importing``: a read document becomes a plan.
- ``updating``: a read document updates a draft plan in place, change by change.
- ``editing``: formulation in the browser (header, activities, cronograma, copies).
- ``workflow``: borrador → en revisión → aprobado/devuelto → publicado, and new versions.
"""

from plans.services.importing import ImportResult, import_plan

__all__ = ["ImportResult", "import_plan"]
