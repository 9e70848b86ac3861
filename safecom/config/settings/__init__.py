"""Settings split by place: base, local (the embedded default), production and test."""
