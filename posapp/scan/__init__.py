"""From light or keystrokes to a payload string: camera, decoders, keyboard wedge. No widgets."""
