"""The Flask service: app factory, the /alexa view, request verification, pages, feeds, audio files."""
