"""Writes to plans. Each function runs in one transaction and writes its audit entries.

- ``importing``: a read document becomes a plan.
- ``editing``: formulation in the browser (header, activities, cronograma, copies).
- ``workflow``: borrador → en revisión → aprobado/devuelto → publicado, and new versions.
"""

from plans.services.importing import ImportResult, import_plan

__all__ = ["ImportResult", "import_plan"]
