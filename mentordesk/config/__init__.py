"""Where things live (paths) and how the app is set up; Qt-free."""
