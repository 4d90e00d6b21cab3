"""Reporters turn check results into text for people (`text`) or machines (`json`)."""
