# Surveys change only through surveys.services (audited, with their state rules), so the admin
# does not list them: Planeación's pages are the way in.
