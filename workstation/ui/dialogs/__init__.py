"""Windows opened from the menus: Account Window, and later Order Preview and the like."""
