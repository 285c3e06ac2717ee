"""Accounts: the admin's second factor (two-step verification)."""
