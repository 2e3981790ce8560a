"""The Qt-free persistence layer: typed models, the engine and migrations."""
