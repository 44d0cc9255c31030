"""Request handlers, one class per intent or request type.

Every handler names its intents or request types as class attributes; a
conversation handler's ``next_state`` calls one rule of :mod:`skill.dialog.rules`
(see base.py). Where to look:
- base.py        the shared bases, reading the state, building the response
- audio.py       device abilities and the player's context, for the audio handlers
- launch.py      LaunchRequest (welcome)
- topic.py       TopicIntent (a question about a topic)
- read.py        ReadLeafletIntent, ReadSectionIntent (reading text out)
- answers.py     AMAZON.YesIntent, AMAZON.NoIntent
- navigation.py  AMAZON.NextIntent, PreviousIntent, RepeatIntent, StartOverIntent
- info.py        AMAZON.HelpIntent, ListTopicsIntent, AMAZON.NavigateHomeIntent
- session.py     AMAZON.StopIntent, AMAZON.CancelIntent, SessionEndedRequest, AlexaSkillEvent.SkillDisabled
- playback.py    AMAZON.PauseIntent, ResumeIntent, Loop/Shuffle, and next/previous/repeat while audio plays
- audio_events.py AudioPlayer.*, PlaybackController.* and System.ExceptionEncountered
- safety.py      WarningSignsIntent (warning signs: the referral to the GP, not leaflet advice)
- social.py      GreetingIntent, ThanksIntent, AboutSkillIntent

- pace.py        PaceSlowerIntent, PaceFasterIntent, PaceNormalIntent (the listener's pace)
- progress.py    WhereAmIIntent, NotHeardIntent (how far the listener is)
- fallback.py    AMAZON.FallbackIntent and any intent the skill does not know
- errors.py      the catch-all exception handler
"""
