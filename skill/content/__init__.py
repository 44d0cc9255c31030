"""Loading the leaflet and the data files of content/ and audio/ (no SDK, no Flask)."""
