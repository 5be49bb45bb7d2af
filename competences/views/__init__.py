"""HTTP views of the competences app: pages (pages.py) and API (api.py)."""
