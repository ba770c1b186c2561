"""pyqtgraph views of engine read models: price bars, the Risk Navigator curve, exposure fee bars."""
