# No admin for consultations or observations: they change only through their audited services
# (never deleted), and a read-only admin's add and delete pages would answer 403, which the
# permission table's admin rule (planaccion/tests/test_permissions.py ADMIN_REFUSED) would have
# to list. Planeación's pages (consultation.views) show everything the admin would.
