"""The writer's own arithmetic: a figure the writer worked out over the source's figures
(`_check`)."""

from verifier.verify.arithmetic._check import KIND, applies, check

__all__ = ["KIND", "applies", "check"]
