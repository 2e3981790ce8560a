"""MentorDesk: an offline desktop app for youth workers and mentors."""

__version__ = "0.1.0"
APP_NAME = "MentorDesk"
