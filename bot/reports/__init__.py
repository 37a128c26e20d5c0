"""Reports written to files: the digest chart (matplotlib, Agg backend)."""
