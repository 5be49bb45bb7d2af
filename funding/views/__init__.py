"""HTTP views of the funding app: ``api`` (fund applications, figures and
workbooks under /api/v1/) and ``pages`` (the Kompetencefond pages)."""
