"""replycoach: a writing linter for customer-service replies."""

__version__ = "0.1.0"
