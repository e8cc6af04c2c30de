"""The pages: server-rendered HTML over the same analysis functions as the API.

`install(app)` adds the page routes, our own static files, the front-end libraries installed
from the npm registry, and HTML error pages for every path outside /api.
"""

from commonground.web.app import install

__all__ = ["install"]
