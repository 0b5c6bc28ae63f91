//! The typed Open Badges 3.0 / CLR 2.0 model.
