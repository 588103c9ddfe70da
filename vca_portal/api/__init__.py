"""The REST API's shared parts: the base viewset, pagination, error mapping and the router."""
