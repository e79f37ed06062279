"""Workflows: what the CLI and the workbench both do, written once (issue 15).

Each function here takes an open ledger and the settings, records what an analyst decided and
then does the follow-up work (re-deriving stories and incidents) under the same rules for every
caller: docket/cli.py and docket/web/actions.py only parse their input and show the outcome.
"""
