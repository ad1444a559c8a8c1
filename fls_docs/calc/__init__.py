"""Calculators: pure functions from the project model (and reference data) to results."""
