//! Value types shared by the model: one-or-many, IRIs, dates.
