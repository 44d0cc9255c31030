"""Developer tools: the text chat and the Alexa device simulator that drives it and the tests."""
