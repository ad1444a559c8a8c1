"""fls-docs: a Fracture Liaison Service improvement project as documents as code."""

__version__ = "0.1.0"
