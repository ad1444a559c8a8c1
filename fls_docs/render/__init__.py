"""Renderers: one module per output kind. They format results; they never compute them."""
