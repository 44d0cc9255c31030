"""Local natural-language understanding from the interaction model: the resolver and its evaluation."""
