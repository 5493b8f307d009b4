"""The pipeline's own user-facing error: printed as one line by the CLI, never a traceback."""


class PipelineError(Exception):
    """Something the user asked for cannot be done as asked; the message says why and names the input."""
