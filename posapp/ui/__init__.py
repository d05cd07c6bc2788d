"""The PySide6 desktop app. The only place Qt is imported."""
