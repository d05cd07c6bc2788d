"""From light or keystrokes to a payload string: camera, decoders, keyboard wedge. No widgets.

- `images`: decode a screenshot or photo from a file or bytes (`decode_image_file/bytes`).
- `camera`: `CameraWorker` runs a `FrameSource` (`sources.OpenCvCamera`,
  `synthetic.SyntheticCamera`) through the `pipeline` on two threads; scans and status
  (`status.CameraStatus`) come back by callback.
- `pipeline` / `decoder`: the multi-pass decoding and the zbar / OpenCV decoders; every
  code in a frame, in reading order (`regions` finds the patches a pass left unread).
- `acceptance`: consistent reads and debounce for camera scans.
- `wedge` / `layouts`: keyboard-wedge scanners (the Qt side is `posapp.ui.wedge`).
- `cli`: `posapp decode FILE...`.
"""
