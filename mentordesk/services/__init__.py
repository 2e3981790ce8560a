"""Qt-free use cases. Each call is one unit of work and returns frozen DTOs.

Kept import-light on purpose: the ui imports DTO and change types from here before the
database (and SQLAlchemy) is loaded.
"""
