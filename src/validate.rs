//! Validation: JSON Schema and the rules the schemas miss.
