"""One module per API area; each has register(router)."""

from . import control, datasources, health, query

MODULES = [health, datasources, query, control]


def register_all(router):
    for module in MODULES:
        module.register(router)
