//! Baked badges: credentials inside PNG and SVG images (OB 3.0 §5.3).
