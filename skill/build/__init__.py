"""Offline generators: the recorded audio and its TTS engines, the interaction model, the skill package."""
