"""The decision pages: per county (list, record), per decision (detail, edit, delete, basis
downloads), and the protocol import."""
