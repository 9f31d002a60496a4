"""`handout serve`: the front-desk web page and the HTTP API, on the same request model and job runner.

`settings` decides who may connect, `app` wires the routes (`page` for staff, `api` for clinic
systems), `tasks` is what the worker pool runs, `guard` the middleware every request passes.
"""
