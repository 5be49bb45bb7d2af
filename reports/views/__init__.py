"""API views of the reports app: figures as JSON, Excel downloads, report jobs."""
