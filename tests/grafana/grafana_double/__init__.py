"""The Grafana test double: a router, a state, and one module of handlers per API area.

New areas (dashboards, folders, alert provisioning) add a module to grafana_double/handlers/
with a register(router) function and list it in handlers/__init__.py.
"""
