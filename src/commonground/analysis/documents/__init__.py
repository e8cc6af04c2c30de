"""Documents read into the map: the names the map knows, the mentions of them in a text, the
facts proposed from it, and storing all of it in the workspace."""
