"""Finds the service and operation of any request to any service botocore has a model for.

Contract (used by ``server.dispatch``):

``route(request) -> Route``
    ``Route(service, operation, protocol, uri_params, region, signing_name)``;
    raises ``AWSError`` (an unknown service or operation) when nothing matches.
"""
