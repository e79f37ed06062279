"""`python -m docket`: the same as the `docket` command."""

from docket.cli import main

main()
