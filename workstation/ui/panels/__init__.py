"""Mosaic panels: dockable widgets over engine read models."""
