"""Load, validate and model a project's content files."""
