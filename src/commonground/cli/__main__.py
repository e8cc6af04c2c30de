"""`python -m commonground.cli` is the `commonground` command."""

from commonground.cli import main

main()
