"""Till local cache: SQLAlchemy models, migrations, repositories (SQLite)."""
