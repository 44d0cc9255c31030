"""The pure conversation: state, transition rules, speech (SSML), reading and playback rules, profile."""
