"""Writes to workforce records. Each checks its input, writes in one transaction and audits."""
