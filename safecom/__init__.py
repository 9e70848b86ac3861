"""Safe Commissioning: safeguarding assurance for commissioned services."""

__version__ = "0.1.0"
