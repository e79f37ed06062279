"""The workbench (`docket serve`): server-rendered pages over a ledger, and review actions.

`docket.web.app.create_app` builds the Starlette app. Read pages (`pages`) open the ledger
read-only per request; writes (`actions`, behind `auth`) are attributed judgements.
"""
