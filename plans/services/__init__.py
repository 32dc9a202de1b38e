"""Writes to plans. Each function runs in one transaction and writes its audit entries.

- ``importing``: a read document becomes a plan's content.
- ``editing``: formulation in the browser (header, activities, cronograma, copies).
- ``workflow``: borrador → en revisión → aprobado/devuelto → publicado, and new versions.

Importing a plan with its follow-up, and updating a draft from a file, are followup's
(followup.importing, followup.updating): they read the plan with its follow-up.
"""

from plans.services.importing import ImportResult, import_content

__all__ = ["ImportResult", "import_content"]
