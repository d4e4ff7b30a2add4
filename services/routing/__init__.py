"""The router's parts: the catalog of botocore services, host and credential parsing, and the
compiled per-service operation tables. ``iamulator.services.router`` puts them together."""
