"""`python -m pipeline` is the plantrack command."""

from pipeline.cli import main

main()
