"""The reporting commands: report, scorecard, review, timeline (registered on the app)."""

from __future__ import annotations
