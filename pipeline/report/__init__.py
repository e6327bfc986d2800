"""Report stage: the per-plan HTML report, diff files on disk and the terminal summary."""
