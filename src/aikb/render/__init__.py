"""Model and result objects -> rich renderables. Never prints; `cli` owns the Console."""
