"""Scheduled work: `runner` (APScheduler inside `serve`, each run claimed in job_runs)
and `catalogue` (the jobs themselves). Adding a job is one `Job(...)` in catalogue."""
