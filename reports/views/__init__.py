"""HTTP views of the reports app: the dashboard page (pages.py), and the API:
figures as JSON (progress.py), Excel downloads (downloads.py), report jobs
(jobs.py)."""
