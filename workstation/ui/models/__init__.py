"""Qt table models over engine read models. They format and colour; they never compute results."""
