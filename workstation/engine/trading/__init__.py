"""The order desk: places, modifies, cancels and works orders (single, advisor and combination), and previews
them as TWS's what-if does."""
