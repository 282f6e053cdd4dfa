"""Walking the URL configuration: every pattern of the site, included modules and the admin too,
and example paths that resolve to each, for the tests that must cover every page.
"""

import itertools

from django.apps import apps
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize

# --------------------------------------------------------------------------- walking the URL configuration


def url_chains(patterns=None, prefix=()):
    """Every URL pattern of the site, included modules too, as the chain of resolvers and the pattern at its end."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from url_chains(entry.url_patterns, (*prefix, entry))
        else:
            yield (*prefix, entry)


def qualified_name(chain):
    """The pattern's name with its namespaces ("indicators:indicator"), or None if it has no name."""
    if not chain[-1].name:
        return None
    namespaces = [resolver.namespace for resolver in chain[:-1] if resolver.namespace]
    return ":".join([*namespaces, chain[-1].name])


def is_admin(chain):
    return any(isinstance(entry, URLResolver) and entry.app_name == "admin" for entry in chain[:-1])


def candidate_values(name, extra):
    """Plausible values for a URL parameter, the likeliest first: a seed project and indicator, an app label..."""
    by_name = {
        "number": ["2.3", "1"],  # project 2.3 and indicator 1 are in the seed plan
        "uidb64": ["MQ"],
        "token": ["not-a-token"],
        "app_label": [config.label for config in apps.get_app_configs()],
        "url": ["no-such-page/"],
    }
    return [*extra.get(name, []), *by_name.get(name, []), "1", "x"]


def example_paths(chain, extra=None):
    """Paths that resolve to the chain's pattern, each parameter filled in with a plausible value.

    Each path is checked with resolve(): a value that would send it to another pattern is not used.
    """
    fmt, params = "/", []
    for entry in chain:
        part, names = normalize(entry.pattern.regex.pattern)[0]
        fmt += part
        params += names
    paths = []
    for values in itertools.product(*(candidate_values(name, extra or {}) for name in params)):
        path = fmt % dict(zip(params, values, strict=True))
        try:
            match = resolve(path)
        except Resolver404:  # a value the pattern does not accept
            continue
        if match.func == chain[-1].callback and path not in paths:
            paths.append(path)
    return paths
