"""Refuse query parameters an operation does not define (422), instead of silently ignoring
them: a misspelt filter ("star=5") must not return an unfiltered list as if it had worked."""

from functools import wraps

from ninja.errors import ValidationError


def strict_query(run):
    """A ninja "view" decorator: wraps Operation.run (a bound method, so the operation and its
    declared query parameters are known when the API is built)."""
    operation = getattr(run, "__self__", None)
    if operation is None:
        return run
    allowed = {
        name
        for model in operation.signature.models
        if model.__ninja_param_source__ == "query"
        for name in getattr(model, "__ninja_flatten_map__", {})
    }

    @wraps(run)
    def checked(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            errors = [{"loc": ["query", name], "msg": "Unknown parameter", "type": "unknown_parameter"}
                      for name in unknown]
            return operation.api.on_exception(request, ValidationError(errors))
        return run(request, *args, **kwargs)

    return checked
