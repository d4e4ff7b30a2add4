"""botocore's service models, loaded once per service and shared by router, codec and backends."""
from __future__ import annotations

import functools

from botocore.loaders import create_loader
from botocore.model import ServiceModel


@functools.lru_cache(maxsize=1)
def loader():
    return create_loader()


@functools.lru_cache(maxsize=None)
def service_model(service: str) -> ServiceModel:
    return ServiceModel(loader().load_service_model(service, "service-2"), service_name=service)


@functools.lru_cache(maxsize=None)
def operation_model(service: str, operation: str):
    return service_model(service).operation_model(operation)
