"""What crosses the engine's boundary: commands in, events out, and the journal port they are recorded through."""
