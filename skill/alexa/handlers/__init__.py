"""Request handlers, one class per intent or request type.

Where to look:
- launch.py      LaunchRequest (welcome)
- topic.py       TopicIntent (a question about a topic)
- read.py        ReadLeafletIntent, ReadSectionIntent (reading text out)
- answers.py     AMAZON.YesIntent, AMAZON.NoIntent
- navigation.py  AMAZON.NextIntent, PreviousIntent, RepeatIntent, StartOverIntent
- info.py        AMAZON.HelpIntent, ListTopicsIntent, AMAZON.NavigateHomeIntent
- session.py     AMAZON.StopIntent, AMAZON.CancelIntent, SessionEndedRequest, AlexaSkillEvent.SkillDisabled
- playback.py    AMAZON.PauseIntent, ResumeIntent, Loop/Shuffle, and next/previous/repeat while audio plays
- audio_events.py AudioPlayer.*, PlaybackController.* and System.ExceptionEncountered
- fallback.py    AMAZON.FallbackIntent and any intent the skill does not know
- errors.py      the catch-all exception handler
"""
