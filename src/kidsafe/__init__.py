"""kidsafe: a self-hostable child online-safety engine."""

__version__ = "0.1.0"
