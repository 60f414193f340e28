"""gongkai (公开): an open-source platform for government information disclosure work."""

__version__ = "0.1.0"
