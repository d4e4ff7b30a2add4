"""The policy language: documents, statements, conditions, principals and patterns."""
