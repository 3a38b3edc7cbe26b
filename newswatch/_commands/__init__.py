"""Subcommands of the ``newswatch`` command; one module each (see ``newswatch.cli``)."""
