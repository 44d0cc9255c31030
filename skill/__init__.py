"""Rugadvies: the leaflet 'Minder last van uw rug' as a Dutch Alexa skill."""
