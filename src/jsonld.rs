//! JSON-LD 1.1: context processing and expansion straight to RDF (toRdf), in safe mode.
