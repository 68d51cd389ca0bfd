"""Use cases, one module each. They use the domain and the storage queries."""
