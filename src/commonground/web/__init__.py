"""The pages: server-rendered HTML over the same analysis functions as the API.

`install(app)` adds the page routes, our own static files, the front-end libraries installed
from the npm registry, and HTML error pages for errors on page routes (web.errors). Pages
link to the API by route name (web.links), never by path.
"""

from commonground.web.app import install

__all__ = ["install"]
