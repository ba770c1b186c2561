"""Mosaic Workstation: a mock of IB Trader Workstation (Mosaic) over an in-process brokerage engine."""

__version__ = "0.1.0"
