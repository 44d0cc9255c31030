"""The ask-sdk glue: skill builder, handlers, AudioPlayer directives, APL screen, persistence stores."""
